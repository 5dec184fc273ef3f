import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter } from 'react-router';
import { ApiClient } from './api/client';
import { App } from './app/App';
import { routes } from './app/routes';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');

createRoot(root).render(
  <StrictMode>
    <App client={new ApiClient()} router={createBrowserRouter(routes)} />
  </StrictMode>,
);
