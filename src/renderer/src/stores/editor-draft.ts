/** Text handed to the manifest editor by another view (the deploy gallery's "Edit YAML first"). */
import { defineStore } from 'pinia';
import { ref } from 'vue';

export const useEditorDraft = defineStore('editor-draft', () => {
  /** Taken (and cleared) by the editor when it opens without an object to load. */
  const text = ref<string>();
  function take(): string | undefined {
    const t = text.value;
    text.value = undefined;
    return t;
  }
  return { text, take };
});
