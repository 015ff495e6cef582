import Database from 'better-sqlite3';
const db = new Database(':memory:');
db.exec(`CREATE TABLE kine (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, created INTEGER, deleted INTEGER, create_revision INTEGER, prev_revision INTEGER, lease INTEGER, value BLOB, old_value BLOB);
CREATE INDEX kine_name_index ON kine (name); CREATE INDEX kine_name_id_index ON kine (name, id); CREATE INDEX kine_id_deleted_index ON kine (id, deleted); CREATE INDEX kine_prev_revision_index ON kine (prev_revision); CREATE UNIQUE INDEX u ON kine (name, prev_revision);`);
const v = 'x'.repeat(2000);
const ins = db.prepare('INSERT INTO kine (name, created, deleted, create_revision, prev_revision, lease, value, old_value) VALUES (?,1,0,0,?,0,?,NULL)');
db.transaction(() => { for (let i=0;i<10000;i++) ins.run('/registry/list/'+String(i).padStart(6,'0'), 0, v); for (let i=0;i<10000;i+=3) ins.run('/registry/list/'+String(i).padStart(6,'0'), i+1, v); })();
const A = db.prepare(`SELECT kv.* FROM kine kv JOIN (SELECT MAX(id) AS id FROM kine WHERE name >= ? AND name < ? AND id <= ? GROUP BY name) mx ON mx.id = kv.id WHERE kv.deleted = 0 ORDER BY kv.name LIMIT ?`);
const B = db.prepare(`SELECT kv.* FROM kine kv WHERE kv.name >= ? AND kv.name < ? AND kv.id = (SELECT MAX(k2.id) FROM kine k2 WHERE k2.name = kv.name AND k2.id <= ?) AND kv.deleted = 0 ORDER BY kv.name LIMIT ?`);
for (const [n, s] of [['A', A], ['B', B]]) {
  for (const lim of [-1, 500]) {
    const t = performance.now(); let r; for (let k=0;k<5;k++) r = s.all('/registry/list/', '/registry/list0', 1e9, lim);
    console.log(n, lim, r.length, ((performance.now()-t)/5).toFixed(1), 'ms');
  }
}
console.log(db.prepare('EXPLAIN QUERY PLAN ' + B.source).all('/a','/b',1,1).map(r=>r.detail).join(' | '));
