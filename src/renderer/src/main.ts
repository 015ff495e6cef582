import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { createAppRouter } from './router';
import { connect } from './api/connect';
import { useNotices } from './stores/notices';
import './styles/theme.css';

// Connect first (the dashboard reads its token from the URL fragment before the router owns it).
connect();
const pinia = createPinia();
const router = createAppRouter();
// A view's code that cannot load (the dashboard was upgraded under an open page) is said, not swallowed.
router.onError((e) => useNotices(pinia).push('bad', `Could not open this view: ${e instanceof Error ? e.message : e}. Reload the page.`));
createApp(App).use(pinia).use(router).mount('#app');
