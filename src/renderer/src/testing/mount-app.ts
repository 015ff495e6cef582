/** Mounts a view the way the app runs it: Pinia, the app's routes in memory history, a fake API. */
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import type { Component } from 'vue';
import { routes } from '../router';
import { installApi } from '../api/pilothouse';
import { FakeApi } from './fake-api';

export async function mountWithApp(component: Component, options: { path?: string; props?: Record<string, unknown>; api?: (api: FakeApi) => void } = {}) {
  const api = new FakeApi();
  options.api?.(api);
  installApi(api);
  const pinia = createPinia();
  setActivePinia(pinia);
  const router = createRouter({ history: createMemoryHistory(), routes });
  await router.push(options.path ?? '/');
  await router.isReady();
  const wrapper = mount(component, { props: options.props, global: { plugins: [pinia, router] }, attachTo: document.body });
  return { api, router, wrapper, pinia };
}
