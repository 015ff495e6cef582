import { runnerImport } from 'vite';
const { module: m } = await runnerImport(process.cwd() + '/bench/store.bench.ts', { configFile: false, logLevel: 'silent' });
const r = await m.runStoreBench();
console.log(JSON.stringify(r, null, 1));
