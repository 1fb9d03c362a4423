import { parseHat } from '../src/hat/syntax.ts';
import { buildModel } from '../src/hat/model.ts';
const parts = ['$A\n    ACCEPT {\n        tls = "off"\n    }\n$B\n    REJECT\n'];
for (let i = 0; i < 20000; i++) parts.push(`G${i}:\n    10.${(i >> 8) & 255}.${i & 255}.0/24, host${i}.example.com\n    .d${i}.example\n    $${i % 2 ? 'A' : 'B'}\n`);
parts.push('ALL\n    $A\n');
const t = parts.join('');
for (let k = 0; k < 3; k++) {
let t0 = performance.now();
const s = parseHat(t);
const t1 = performance.now();
buildModel(s);
const t2 = performance.now();
console.log('syntax', (t1 - t0).toFixed(0), 'model', (t2 - t1).toFixed(0));
}
