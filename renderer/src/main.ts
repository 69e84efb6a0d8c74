import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { createClient } from './api/client';
import { CLIENT } from './api/use-client';
import { bindStores } from './stores/bind';
import './styles.css';

const client = createClient();
const app = createApp(App);
app.use(createPinia());
app.provide(CLIENT, client);
app.mount('#app');
const unbind = bindStores(client);
window.addEventListener('pagehide', unbind);
