import './global.css'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { startServiceWorker } from '../offline/service-worker.ts'
import { startCreatingPendingRooms } from '../rooms/room-creation.ts'
import { UpdatePrompt } from '../offline/UpdatePrompt.tsx'
import { startTheme } from '../theme/theme-preference.ts'
import { App } from './App.tsx'

const container = document.getElementById('root')
if (!container) throw new Error('index.html lost its #root element')

startTheme()
startServiceWorker()
startCreatingPendingRooms()

createRoot(container).render(
  <StrictMode>
    <App />
    <UpdatePrompt />
  </StrictMode>,
)
