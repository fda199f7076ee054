import { LandingPage } from '../rooms/LandingPage.tsx'
import { MessagePage } from './MessagePage.tsx'
import { RoomRoute } from './RoomRoute.tsx'
import { useRoute } from './router.ts'

export function App() {
  const route = useRoute()
  switch (route.page) {
    case 'home':
      return <LandingPage />
    case 'room':
      // A new key per room: every room gets a fresh Y.Doc, providers and editor.
      return <RoomRoute key={route.roomId} roomId={route.roomId} />
    case 'not-found':
      // The server answers unknown paths with this page and status 404.
      return <MessagePage title="Page not found" message="There is nothing at this address: it may have been mistyped or cut short." />
  }
}
