import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { createAppRouter } from './router';
import { connect } from './api/connect';
import './styles/theme.css';

// Connect first (the dashboard reads its token from the URL fragment before the router owns it).
connect();
createApp(App).use(createPinia()).use(createAppRouter()).mount('#app');
