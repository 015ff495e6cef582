/**
 * The add-ons and whether each is enabled. Their state lives in the ConfigMap
 * `kube-system/pilothouse-addons`, which is watched, so a change made anywhere (kubectl
 * included) shows at once; `addons:list` supplies the names and descriptions.
 */
import { computed, onMounted, ref } from 'vue';
import { call, errorMessage } from '../api/pilothouse';
import { useObject } from './useWatch';
import { ADDONS_CONFIGMAP, type AddonName, type AddonState } from '../../../shared/ipc/operation-types';
import type { ConfigMap } from '../lib/kube-types';

export function useAddons() {
  const described = ref<AddonState[]>([]);
  const error = ref<string>();
  const { object } = useObject<ConfigMap>(() => ({ apiVersion: 'v1', resource: 'configmaps', namespace: ADDONS_CONFIGMAP.namespace, name: ADDONS_CONFIGMAP.name }));

  onMounted(async () => {
    try {
      described.value = (await call('addons:list', {})).addons;
    } catch (e) {
      error.value = errorMessage(e);
    }
  });

  const addons = computed<AddonState[]>(() =>
    described.value.map((a) => {
      const value = object.value?.data?.[a.name];
      return value === undefined ? a : { ...a, enabled: value === 'enabled' };
    }),
  );

  async function set(name: AddonName, enabled: boolean): Promise<void> {
    described.value = (await call('addons:set', { name, enabled })).addons;
  }

  return { addons, error, set };
}
