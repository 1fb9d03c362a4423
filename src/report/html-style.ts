/** The stylesheet of the HTML report (its own rules; diff2html's come with the assets). */

export const PAGE_CSS = `
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#f6f8fa;--card:#fff;--link:#0969da;
--patched:#0969da;--patched-bg:#ddf4ff;--unchanged:#1a7f37;--unchanged-bg:#dafbe1;--refused:#9a6700;--refused-bg:#fff8c5;--error:#cf222e;--error-bg:#ffebe9;
--warning:#9a6700;--warning-bg:#fff8c5;--info:#59636e;--info-bg:#eaeef2}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;color:var(--fg);background:var(--bg);font:14px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI","Noto Sans","DejaVu Sans",Helvetica,Arial,sans-serif}
a{color:var(--link);text-decoration:none}
a:hover{text-decoration:underline}
code{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace;background:var(--info-bg);border-radius:4px;padding:1px 5px;overflow-wrap:break-word}
.wrap{max-width:1280px;margin:0 auto;padding:0 28px}
header.top{background:#1f2937;color:#f9fafb;padding:22px 0 0;margin-bottom:24px;border-bottom:4px solid #049fd9}
header.top h1{margin:0;font-size:24px;font-weight:600;letter-spacing:.2px}
header.top .cmd{display:inline-block;background:#049fd9;color:#fff;border-radius:6px;padding:0 10px;font-size:20px}
header.top .sub{margin:6px 0 14px;color:#d1d5db}
header.top .sub code{background:#374151;color:#f9fafb}
header.top nav{display:flex;gap:4px;flex-wrap:wrap}
header.top nav a{color:#e5e7eb;padding:8px 12px;border-radius:6px 6px 0 0}
header.top nav a:hover{background:#374151;text-decoration:none}
h2{font-size:19px;margin:32px 0 12px;padding-bottom:6px;border-bottom:1px solid var(--line)}
h3{font-size:16px;margin:0 0 10px}
h4{font-size:13px;text-transform:uppercase;letter-spacing:.6px;color:var(--muted);margin:18px 0 8px}
h4 .muted{text-transform:none;letter-spacing:0}
.muted{color:var(--muted);font-weight:normal}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:18px 20px;margin:0 0 16px;box-shadow:0 1px 2px rgba(31,35,40,.04)}
.tiles{display:grid;grid-template-columns:repeat(5,minmax(0,1fr));gap:12px;margin-bottom:16px}
.tile{background:var(--card);border:1px solid var(--line);border-top-width:4px;border-radius:8px;padding:12px 16px}
.tile .n{font-size:30px;font-weight:600;line-height:1.1}
.tile .l{font-weight:600;text-transform:capitalize}
.tile .s{color:var(--muted);font-size:12px}
.t-total{border-top-color:#1f2937}
.t-patched{border-top-color:var(--patched)}.t-patched .n{color:var(--patched)}
.t-unchanged{border-top-color:var(--unchanged)}.t-unchanged .n{color:var(--unchanged)}
.t-refused{border-top-color:#d4a72c}.t-refused .n{color:var(--refused)}
.t-error{border-top-color:var(--error)}.t-error .n{color:var(--error)}
table.fleet,table.groups,table.findings,table.listeners{width:100%;border-collapse:collapse}
table.fleet th,table.groups th,table.findings th,table.listeners th{text-align:left;font-size:12px;font-weight:600;color:var(--muted);text-transform:uppercase;letter-spacing:.4px;border-bottom:1px solid var(--line);padding:6px 10px}
table.fleet td,table.groups td,table.findings td,table.listeners td{border-bottom:1px solid #eaeef2;padding:7px 10px;vertical-align:top}
table.fleet tr:last-child td,table.groups tr:last-child td,table.findings tr:last-child td,table.listeners tr:last-child td{border-bottom:0}
table.fleet tbody tr:hover,table.groups tbody tr:hover{background:#f6f8fa}
table.groups{table-layout:fixed}
table.groups col.c-gid{width:80px}
table.groups col.c-outcome{width:210px}
table.groups col.c-n{width:120px}
table.groups tr.nogroup td{color:var(--muted);border-top:1px dashed var(--line)}
.num{text-align:right;font-variant-numeric:tabular-nums}
td .file{margin-top:2px}
td .file code{background:none;padding:0;color:var(--muted)}
.badge{display:inline-block;border-radius:999px;padding:0 9px;font-size:12px;font-weight:600;line-height:20px;white-space:nowrap;border:1px solid transparent;vertical-align:middle}
.o-patched{color:var(--patched);background:var(--patched-bg);border-color:#b6e3ff}
.o-unchanged{color:var(--unchanged);background:var(--unchanged-bg);border-color:#aceebb}
.o-refused{color:var(--refused);background:var(--refused-bg);border-color:#eed888}
.o-error{color:var(--error);background:var(--error-bg);border-color:#ffcecb}
.sev{display:inline-block;min-width:58px;text-align:center;border-radius:4px;padding:0 6px;font-size:11px;font-weight:700;text-transform:uppercase;letter-spacing:.4px;line-height:18px}
.sev-error{color:#fff;background:var(--error)}
.sev-warning{color:#3b2300;background:#f5c542}
.sev-info{color:var(--info);background:var(--info-bg)}
.count{display:inline-block;font-size:12px;border-radius:4px;padding:0 6px;margin:1px 2px 1px 0;line-height:18px}
.count.sev-error{font-weight:600}
.attention{border-left:4px solid var(--error)}
.attention .lead{margin-top:-4px;color:var(--muted)}
.failed{border-top:1px solid #eaeef2;padding-top:10px;margin-top:10px}
.failed h3{font-size:15px;display:flex;gap:8px;align-items:center;flex-wrap:wrap}
.failed ul.why{margin:4px 0 0;padding-left:18px}
.failed ul.why li{margin:4px 0}
.group-heading{font-size:16px;display:flex;gap:10px;align-items:baseline;flex-wrap:wrap}
.gid{display:inline-block;background:#1f2937;color:#fff;border-radius:6px;padding:0 8px;font-size:13px;font-family:ui-monospace,Menlo,Consolas,"DejaVu Sans Mono",monospace}
.group-meta{margin:-6px 0 6px;color:var(--muted)}
ul.members{margin:0;padding-left:18px}
table.published{width:100%;border-collapse:collapse;table-layout:fixed;margin-bottom:8px}
table.published col.c-hosts{width:46%}
table.published col.c-same{width:90px}
table.published th{text-align:left;font-size:12px;font-weight:600;color:var(--muted);text-transform:uppercase;letter-spacing:.4px;border-bottom:1px solid var(--line);padding:4px 10px}
table.published td{border-bottom:1px solid #eaeef2;padding:4px 10px;vertical-align:top;font-size:13px;line-height:1.4}
table.published tr.changed td:last-child{font-weight:600}
table.published .hosts{display:grid;grid-template-columns:repeat(auto-fill,minmax(250px,1fr));column-gap:10px}
table.published .host{overflow-wrap:anywhere}
table.published th .listener{text-transform:none;letter-spacing:0;color:var(--fg)}
table.published td:last-child{white-space:nowrap}
ul.members li{margin:2px 0}
ol.ops{margin:0;padding-left:22px}
ol.ops li{margin:3px 0}
.listener{display:inline-block;font-weight:600;background:var(--info-bg);border-radius:4px;padding:0 6px;margin-right:4px;font-size:12px}
#unchanged .group{border-top:1px solid #eaeef2;padding-top:10px;margin-top:10px}
#unchanged .group:first-of-type{border-top:0;margin-top:0;padding-top:0}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:0 0 10px}
dl.meta dt{color:var(--muted)}
dl.meta dd{margin:0}
.appliance-head,details.appliance>summary{display:grid;grid-template-columns:minmax(0,1fr) 110px 150px 60px 70px 200px;gap:10px;align-items:center;padding:6px 10px 6px 26px}
.appliance-head{font-size:12px;font-weight:600;color:var(--muted);text-transform:uppercase;letter-spacing:.4px;border-bottom:1px solid var(--line)}
details.files-all>summary{cursor:pointer;color:var(--muted);padding:4px 0}
details.appliance{border-bottom:1px solid #eaeef2}
details.appliance:last-child{border-bottom:0}
details.appliance>summary{cursor:pointer;list-style:none;position:relative}
details.appliance>summary::-webkit-details-marker{display:none}
details.appliance>summary::before{content:"\\25B8";position:absolute;left:8px;color:var(--muted)}
details.appliance[open]>summary::before{content:"\\25BE"}
details.appliance>summary:hover{background:#f6f8fa}
details.appliance .a-name .file{margin-left:8px}
details.appliance .a-name .file code{background:none;padding:0;color:var(--muted)}
details.appliance .a-body{padding:4px 10px 14px 26px}
table.listeners tr.unselected td{color:var(--muted)}
.tls{display:inline-block;font:12px/1.4 ui-monospace,Menlo,Consolas,"DejaVu Sans Mono",monospace;margin:0 8px 2px 0;white-space:nowrap}
.tls.inherited{color:var(--muted)}
table.findings td.msg{overflow-wrap:anywhere}
table.findings{table-layout:fixed}
table.findings col.c-sev{width:96px}
table.findings col.c-code{width:210px}
table.findings col.c-loc{width:240px}
table.findings td.loc{font-size:12px;color:var(--muted);overflow-wrap:anywhere}
table.findings td.fcode{overflow-wrap:anywhere}
table.listeners td code{white-space:nowrap}
.card>h2:first-child,.card>p:first-child{margin-top:0}
details.info-findings{margin-top:8px}
details.info-findings summary{cursor:pointer;color:var(--muted);padding:4px 0}
details.info-findings summary code.code{background:none;padding:0}
details.info-findings table.findings{margin-top:4px}
table.findings tr.f-error td{background:#fff5f5}
table.findings code.code,.failed code.code{background:none;padding:0;color:var(--muted)}
.diff{margin-top:8px}
.diff .d2h-file-wrapper{margin-bottom:0;border-radius:6px}
.diff .d2h-file-collapse{display:none}
.diff .d2h-code-line,.diff .d2h-code-side-line{font-size:12.5px}
.header-facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:0 0 14px;color:#d1d5db}
.header-facts dt{color:#9ca3af}
.header-facts dd{margin:0;overflow-wrap:anywhere}
.header-facts code{background:#374151;color:#f9fafb}
table.files{width:100%;border-collapse:collapse;table-layout:fixed}
table.files th{text-align:left;font-size:12px;font-weight:600;color:var(--muted);text-transform:uppercase;letter-spacing:.4px;border-bottom:1px solid var(--line);padding:6px 10px}
table.files td{border-bottom:1px solid #eaeef2;padding:3px 10px;vertical-align:top;overflow-wrap:anywhere;font-size:13px}
table.files col.c-kind{width:110px}
table.files col.c-bytes{width:110px}
code.sha{font-size:11px;overflow-wrap:anywhere;word-break:break-all}
.group-findings{margin:8px 0 4px;padding:8px 12px;border-left:4px solid #d4a72c;background:#fffdf0;border-radius:4px}
.group-findings ul{margin:0;padding-left:18px}
.group-findings li{margin:3px 0;overflow-wrap:anywhere}
.diff .d2h-code-line-ctn{white-space:pre-wrap;overflow-wrap:anywhere}
.diff .d2h-file-header{overflow-wrap:anywhere}
main,header.top,.card{max-width:100%;overflow-wrap:break-word}
footer{margin:24px auto 40px}
@media (max-width:900px){.tiles{grid-template-columns:repeat(2,minmax(0,1fr))}.wrap{padding:0 14px}}
@media print{body{background:#fff}details.info-findings>summary{list-style:none}details::details-content{content-visibility:visible;display:block}details.appliance>summary::before{content:none}header.top{background:#fff;color:#000;border-bottom:2px solid #000}header.top .sub{color:#000}header.top nav{display:none}.card{box-shadow:none;break-inside:avoid-page}.group{break-inside:auto}}
`;
