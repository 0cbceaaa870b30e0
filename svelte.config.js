import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

// vitePreprocess lets Svelte components use TypeScript (and, later, the SCSS in rete-svelte-plugin).
export default { preprocess: vitePreprocess() };
