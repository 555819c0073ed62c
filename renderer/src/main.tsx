import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { KioskApiProvider } from './api/kiosk-api-context';
import { selectKioskApi } from './api/select-kiosk-api';
import { App } from './shell/app';
import { startPageHeartbeat } from './shell/page-heartbeat';
import { installTouchGuards } from './ui/touch-guards';
import './styles.css';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');

installTouchGuards(document);
const api = selectKioskApi();
// The host's supervisor restarts a page that stops beating (frozen, hung renderer).
startPageHeartbeat(api);

createRoot(root).render(
  <StrictMode>
    <KioskApiProvider api={api}>
      <App />
    </KioskApiProvider>
  </StrictMode>,
);
