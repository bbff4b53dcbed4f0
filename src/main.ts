// Entry point: picks the interface language, then mounts the app. The app itself starts DuckDB in
// the background once the first screen shows (dataset.warmUp in App.svelte).
import { mount } from 'svelte';
import { initLanguage } from './i18n/index.ts';
import App from './ui/App.svelte';
import './ui/app.css';

initLanguage();
const target = document.getElementById('app');
if (!target) throw new Error('index.html lacks #app');
mount(App, { target });
