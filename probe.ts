import { PGlite } from '@electric-sql/pglite';
import { hash, verify } from '@node-rs/argon2';
let t = Date.now();
const db = await PGlite.create();
console.log('pglite create ms', Date.now() - t);
const r = await db.query('select $1::bigint[] as a, $2::text[] as b, version()', [[1,2,3],['x','y']]);
console.log(JSON.stringify(r.rows));
t = Date.now();
await db.exec('create table s(id bigint, v double precision, t timestamptz)');
const n = 200000; const ids = [], vs = [], ts = [];
for (let i=0;i<n;i++){ids.push(i);vs.push(i*1.5);ts.push(new Date(1700000000000+i*1000).toISOString());}
await db.query('insert into s select * from unnest($1::bigint[], $2::float8[], $3::timestamptz[])', [ids, vs, ts]);
console.log('200k unnest ms', Date.now()-t);
const dump = await db.dumpDataDir('none'); console.log('dump bytes', dump.size);
t = Date.now(); const db2 = await PGlite.create({ loadDataDir: dump }); console.log('load from dump ms', Date.now()-t, (await db2.query('select count(*) from s')).rows);
const h = await hash('pw'); console.log(await verify(h, 'pw'));
