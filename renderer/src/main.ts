import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { createClient } from './api/client';
import { bindStores } from './stores/bind';
import './styles.css';

const app = createApp(App);
app.use(createPinia());
app.mount('#app');
const unbind = bindStores(createClient());
window.addEventListener('pagehide', unbind);
