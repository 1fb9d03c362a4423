const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const t = cpu();
const m = await import(process.argv[2]);
console.log(process.argv[2], (cpu() - t).toFixed(1), 'ms', Object.keys(m).length, ['Type','Object','String','Unsafe','Literal','Array','Integer','Optional','Union'].map(k=>k+':'+(k in m)).join(' '));
