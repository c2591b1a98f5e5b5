/**
 * The dashboard's stylesheet, inlined into the page (no external fonts, no CDN). Cells carry a
 * symbol and text, so colour only helps; a narrow screen stacks the panels.
 */
export const PAGE_STYLE = `
:root{--fg:#1b1f24;--muted:#59636e;--line:#d1d9e0;--bg:#fff;--soft:#f6f8fa;--red:#cf222e;--green:#1a7f37;--amber:#9a6700;--blue:#0969da}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
header{padding:12px 16px;border-bottom:1px solid var(--line);display:flex;flex-wrap:wrap;gap:8px 24px;align-items:baseline}
header h1{font-size:18px;margin:0}
.muted{color:var(--muted)}
main{padding:12px 16px;max-width:1600px}
h2{font-size:16px;margin:20px 0 8px}
.filters{display:flex;flex-wrap:wrap;gap:8px 16px;padding:8px 0}
.filters label{display:flex;gap:6px;align-items:center}
select{font:inherit;padding:2px 4px}
.cards{display:grid;gap:8px;grid-template-columns:repeat(auto-fill,minmax(340px,1fr))}
.card{border:1px solid var(--line);border-left:6px solid var(--red);border-radius:6px;padding:8px 10px;background:var(--bg)}
.card.fixed{border-left-color:var(--green)}
.card.expected{border-left-color:var(--amber)}
.card.target{outline:3px solid var(--blue)}
.card h3{font-size:14px;margin:0 0 4px;display:flex;gap:8px;align-items:baseline;flex-wrap:wrap}
.card dl{display:grid;grid-template-columns:auto 1fr;gap:2px 10px;margin:4px 0 0}
.card dt{color:var(--muted)}
.card dd{margin:0;overflow-wrap:anywhere}
.state{font-size:11px;font-weight:700;letter-spacing:.04em;border:1px solid currentColor;border-radius:10px;padding:0 6px}
.state-new,.state-reappeared{color:var(--red)}.state-ongoing{color:#bc4c00}.state-fixed{color:var(--green)}
code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--soft);padding:0 3px;border-radius:3px}
.gridwrap{overflow:auto;max-height:70vh;border:1px solid var(--line);border-radius:6px}
table.grid{border-collapse:separate;border-spacing:0;font:12px ui-monospace,Menlo,Consolas,monospace}
.grid th,.grid td{border-bottom:1px solid var(--soft);border-right:1px solid var(--soft);padding:1px 3px;text-align:center;white-space:nowrap}
.grid thead th{position:sticky;top:0;background:var(--bg);z-index:2;vertical-align:bottom;font-weight:600}
.grid thead tr:nth-child(2) th{top:20px}
.grid thead th.job{border-left:2px solid var(--line);text-align:left;height:20px}
.grid thead th span{writing-mode:vertical-rl;transform:rotate(180deg);display:inline-block;max-height:200px;overflow:hidden;text-overflow:ellipsis}
.grid tbody th{position:sticky;left:0;background:var(--bg);z-index:1;text-align:left;font-weight:400}
.grid td{cursor:pointer;min-width:26px}
.grid td.s-p{color:var(--green)}
.grid td.s-m{color:#aab}
.grid td.s-k{background:repeating-linear-gradient(45deg,#fff8c5,#fff8c5 3px,#fff 3px,#fff 6px)}
.grid td.s-x,.grid td.s-u,.grid td.s-s{color:var(--muted);background:var(--soft)}
.grid td.sel{outline:2px solid var(--blue);outline-offset:-2px}
.legend{display:flex;flex-wrap:wrap;gap:4px 14px;margin:6px 0;font-size:12px}
.layout{display:grid;grid-template-columns:minmax(0,1fr) 360px;gap:16px;align-items:start}
aside#detail{position:sticky;top:8px;border:1px solid var(--line);border-radius:6px;padding:8px 10px;max-height:90vh;overflow:auto}
aside pre{white-space:pre-wrap;overflow-wrap:anywhere;background:var(--soft);padding:6px;font-size:11px;max-height:300px;overflow:auto}
aside table{font-size:12px;border-collapse:collapse}aside td{padding:1px 6px 1px 0;overflow-wrap:anywhere}
.trends{display:grid;gap:12px;grid-template-columns:repeat(auto-fill,minmax(300px,1fr))}
.trend{border:1px solid var(--line);border-radius:6px;padding:6px}
.trend h4{margin:0 0 4px;font-size:13px}
.trend svg{width:100%;height:auto;display:block}
.trend .keys{font-size:11px;display:flex;flex-wrap:wrap;gap:2px 10px}
.empty{color:var(--muted);font-style:italic}
#untried{margin-top:8px}#untried summary{cursor:pointer}#untried li{overflow-wrap:anywhere}
table.upstream{border-collapse:collapse;font-size:13px}table.upstream th,table.upstream td{border:1px solid #ccc;padding:2px 6px;text-align:left}
.up-breaks{background:#f8d0d0}.up-fixes{background:#d0f0d0}.up-slows{background:#fbe7b0}.up-heavier{background:#fbe7b0}.up-learns-worse{background:#f8dcc0}.up-already-broken{background:#eee}.up-flaky{background:#f4f0d8}.up-unknown{color:var(--muted)}
@media (max-width:900px){.layout{grid-template-columns:1fr}aside#detail{position:static;max-height:none}.cards{grid-template-columns:1fr}header{padding:8px}main{padding:8px}}
`;
