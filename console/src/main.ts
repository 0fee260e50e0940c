import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { installRequestInterceptors } from './api/interceptors';
import { http } from './api/request';
import { i18n } from './locales';
import { createAppRouter } from './router';
import './styles/index.css';

const app = createApp(App);
const pinia = createPinia();
const router = createAppRouter();

app.use(pinia);
app.use(i18n);
// Before the router starts: its first navigation already asks the server who is signed in.
installRequestInterceptors(http, router);
app.use(router);

app.mount('#app');
