import { runnerImport } from 'vite';
const { module: m } = await runnerImport(process.cwd() + '/src/main/store/testing/etcd-server.ts', { configFile: false, logLevel: 'silent' });
const { Etcd3 } = await import('etcd3');
const srv = await m.startEtcdServer();
console.log(srv.endpoint, srv.pid);
const c = new Etcd3({ hosts: srv.endpoint });
const ns = c.namespace('/t1');
try {
  const r1 = await ns.if('a', 'Create', '==', 0).then(ns.put('a').value('v1')).commit();
  console.log('create', JSON.stringify(r1));
  const r2 = await ns.if('a', 'Create', '==', 0).then(ns.put('a').value('v1')).else(ns.get('a')).commit();
  console.log('create2', JSON.stringify(r2));
  for (let i=0;i<5;i++) await ns.put('b').value('x'+i);
  const cur = await ns.get('a').exec(); console.log('hdr', cur.header.revision);
  await c.kv.compact({ revision: 4, physical: true });
  try { await ns.get('a').revision(2).exec(); } catch (e) { console.log('compacted err', e.constructor.name, e.message); }
  try { await ns.get('a').revision(200).exec(); } catch (e) { console.log('future err', e.constructor.name, e.message); }
  try { await c.kv.compact({ revision: 3 }); } catch (e) { console.log('compact again', e.constructor.name, e.message); }
  const w = await ns.watch().prefix('').withPreviousKV().startRevision('2').create();
  w.on('data', d => console.log('data', JSON.stringify(d)));
  w.on('error', e => console.log('watch error', e.constructor.name, e.message));
  w.on('disconnected', e => console.log('watch disconnected', e.message));
  await new Promise(r=>setTimeout(r,500));
  const w2 = await ns.watch().prefix('').withPreviousKV().startRevision('5').create();
  w2.on('data', d => console.log('data2', JSON.stringify(d)));
  console.log('p1'); await ns.put('b').value('new');console.log('p2');
  await ns.delete().key('b').exec(); console.log('p3');
  const dl = await ns.if('a','Mod','==',2).then(ns.delete().key('a').getPrevious()).commit(); console.log('del', JSON.stringify(dl));
  await new Promise(r=>setTimeout(r,500));
  const lst = await ns.getAll().prefix('').limit(1).exec(); console.log('list', JSON.stringify(lst));
  await w2.cancel();
} finally { c.close(); await srv.stop(); }
