// Bundles the programs that run inside containers of the cluster — the service proxy and the
// cluster DNS server — each into one self-contained ES module under out/incluster/ (node
// builtins only: the containers have nothing but a node binary). `npm run build` runs this
// after electron-vite.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { build } from 'vite';

const programs = [
  { name: 'service-proxy', entry: 'src/dataplane/service-proxy.ts' },
  { name: 'dns', entry: 'src/addons/dns/main.ts', optional: true },
];

for (const p of programs) {
  if (!existsSync(p.entry)) {
    if (p.optional) continue;
    console.error(`build-incluster: ${p.entry} is missing`);
    process.exit(1);
  }
  await build({
    configFile: false,
    logLevel: 'warn',
    ssr: { noExternal: true, target: 'node' },
    build: {
      ssr: resolve(p.entry),
      outDir: 'out/incluster',
      emptyOutDir: false,
      target: 'node20',
      minify: false,
      sourcemap: false,
      rollupOptions: { output: { format: 'es', entryFileNames: `${p.name}.mjs`, codeSplitting: false } },
    },
  });
}
