import './global.css'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { startTheme } from '../theme/theme-preference.ts'
import { App } from './App.tsx'

const container = document.getElementById('root')
if (!container) throw new Error('index.html lost its #root element')

startTheme()

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
