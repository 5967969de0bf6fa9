"""The dashboard's look and its one inline script (``--format html``).

Colours follow the gate: a report that passes is green whatever its grade, one that
fails is red, one the tool could not audit is grey (a green "B" on a failing report told
the reader the opposite of the verdict). The script only sorts and filters rows that are
already in the page; without it (blocked, printed, an old reader) every table is plain
and complete. The Content-Security-Policy admits exactly this script by its hash, so a
``<script>`` that report text might smuggle in would not run even if escaping failed.
"""

from __future__ import annotations

import base64
import hashlib

STATUS_COLOR = {"pass": "#1a7f37", "fail": "#cf222e", "error": "#6e7781"}
SEVERITY_COLOR = {"error": "#cf222e", "warning": "#9a6700", "info": "#0969da"}

# CJK fonts by name, with the fallbacks each desktop ships (Windows, macOS, Linux).
SANS = (
    '"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Hiragino Sans GB",'
    '"Microsoft YaHei","WenQuanYi Micro Hei",system-ui,sans-serif'
)
MONO = '"Noto Sans Mono CJK SC","Sarasa Mono SC","WenQuanYi Micro Hei Mono",ui-monospace,monospace'

STYLE = f"""
:root{{--line:#d0d7de;--muted:#656d76;--bg2:#f6f8fa}}
*{{box-sizing:border-box}}
body{{font-family:{SANS};margin:0;padding:1.25rem 1.5rem;color:#1f2328;line-height:1.5}}
h1{{font-size:1.5rem;margin:.2rem 0}}h2{{font-size:1.2rem;margin:1.8rem 0 .5rem}}
h3{{font-size:1rem;margin:1rem 0 .3rem}}
.meta{{color:var(--muted);font-size:.85rem}}
.kpis{{display:flex;flex-wrap:wrap;gap:.6rem;margin:.8rem 0}}
.kpi{{border:1px solid var(--line);border-radius:6px;padding:.4rem .8rem;min-width:7.5rem}}
.kpi b{{display:block;font-size:1.4rem;font-variant-numeric:tabular-nums}}
.cards{{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,30rem),1fr));gap:1rem}}
.card{{border:1px solid var(--line);border-radius:6px;padding:.6rem .8rem;break-inside:avoid;
min-width:0}}
.card h3{{margin-top:0}}
.scroll{{overflow-x:auto;max-width:100%}}
svg{{max-width:100%;height:auto}}
svg text{{font-family:{SANS}}}
table{{border-collapse:collapse;margin:.4rem 0}}
th,td{{border:1px solid var(--line);padding:.2rem .45rem;text-align:left;vertical-align:top}}
th{{background:var(--bg2);white-space:nowrap}}
td.num,th.num{{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}}
.badge{{font-weight:bold;color:#fff;padding:0 .4rem;border-radius:3px;white-space:nowrap;
-webkit-print-color-adjust:exact;print-color-adjust:exact}}
.st-pass{{background:{STATUS_COLOR["pass"]}}}.st-fail{{background:{STATUS_COLOR["fail"]}}}
.st-error{{background:{STATUS_COLOR["error"]}}}
.sev-error{{color:{SEVERITY_COLOR["error"]};font-weight:bold}}
.sev-warning{{color:{SEVERITY_COLOR["warning"]};font-weight:bold}}
.sev-info{{color:{SEVERITY_COLOR["info"]}}}.waived{{color:var(--muted)}}
.controls{{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;margin:.5rem 0;
padding:.4rem .6rem;background:var(--bg2);border-radius:6px}}
.controls label{{font-size:.9rem}}
th button{{font:inherit;font-weight:600;background:none;border:0;padding:0;cursor:pointer}}
th[aria-sort=ascending] button::after{{content:" ▲"}}
th[aria-sort=descending] button::after{{content:" ▼"}}
details.report{{border:1px solid var(--line);border-radius:6px;margin:.5rem 0;padding:.25rem .75rem}}
summary{{cursor:pointer;font-weight:600}}
.evidence{{font-family:{MONO};background:var(--bg2);padding:.25rem .5rem;margin:.25rem 0;
white-space:pre-wrap;overflow-wrap:anywhere;font-size:.85rem}}
table.evrow td{{font-family:{MONO};font-size:.85rem;background:var(--bg2)}}
.crop img{{max-width:100%;height:auto;border:1px solid var(--line);margin:.25rem 0}}
table.grid{{font-size:.82rem}}
table.grid td{{text-align:right;font-variant-numeric:tabular-nums;min-width:3.2rem}}
table.grid th.rl{{text-align:left;white-space:normal;min-width:10rem;font-weight:normal}}
table.grid td.blank{{color:var(--muted)}}
table.grid td.in{{background:#fff8c5}}
table.grid td.at{{outline:2px solid {SEVERITY_COLOR["error"]};outline-offset:-2px;font-weight:bold}}
table.grid td.suspect{{background:#ffebe9;font-weight:bold}}
.fix{{color:{STATUS_COLOR["pass"]};white-space:nowrap}}
.legend span{{display:inline-block;padding:0 .4rem;margin-right:.4rem;border:1px solid var(--line)}}
ul.ident{{margin:.3rem 0;padding-left:1.2rem}}
.hist{{color:var(--muted);font-size:.8rem}}
select{{max-width:min(24rem,100%)}}.controls label{{max-width:100%}}
table.league{{width:100%;table-layout:fixed}}
table.league th:nth-child(1){{width:3rem}}table.league th:nth-child(2){{width:16rem}}
table.league th:nth-child(n+3):nth-child(-n+9){{width:5.5rem}}
table.league caption{{text-align:left;font-weight:600;color:#1f2328;padding:.6rem 0 .2rem}}
table.findings{{width:100%}}table.findings th.msg{{width:55%}}
table.findings td:nth-child(3){{min-width:8em}}
table.findings td.val{{max-width:14rem;overflow-wrap:anywhere;font-variant-numeric:tabular-nums}}
td.name{{min-width:8em}}
@media (max-width:640px){{body{{padding:.6rem}}h1{{font-size:1.2rem}}
.kpi{{min-width:5.5rem;padding:.3rem .5rem}}.kpi b{{font-size:1.15rem}}
th,td{{padding:.15rem .3rem}}.opt{{display:none}}
table.league{{table-layout:auto}}table.league th{{width:auto!important}}
td.top{{white-space:nowrap}}.card{{padding:.4rem}}
#heat-map{{max-width:none}}}}
@media print{{
@page{{size:A4 landscape;margin:12mm}}
body{{padding:0;font-size:10pt}}
.controls,th button::after{{display:none}}
a{{color:inherit;text-decoration:none}}
details.report{{break-inside:avoid-page}}
.scroll{{overflow:visible}}
tr{{break-inside:avoid}}
*{{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
}}
"""

# Sort on a column by clicking its header; filter rows by grade, category, rule and text.
# State can come from the address (#grade=D&rule=BAL002&sort=score), so a filtered view
# can be shared as a link. Rows are only shown, hidden or reordered: no markup is built.
SCRIPT = r"""
(function(){
var d=document;d.documentElement.classList.add('js');
d.querySelectorAll('.controls').forEach(function(c){c.hidden=false;});
function val(tr,i){var c=tr.cells[i];if(!c)return '';var v=c.getAttribute('data-v');
return v!==null?v:c.textContent.trim();}
function sortBy(th,dir){var table=th.closest('table'),tb=table.tBodies[0],i=th.cellIndex;
var num=th.getAttribute('data-sort')==='num';
var rows=Array.prototype.slice.call(tb.rows);
rows.sort(function(a,b){var x=val(a,i),y=val(b,i);
var r=num?(parseFloat(x)||0)-(parseFloat(y)||0):x.localeCompare(y,'zh-CN');
return dir==='ascending'?r:-r;});
rows.forEach(function(r){tb.appendChild(r);});
table.querySelectorAll('th[aria-sort]').forEach(function(h){h.removeAttribute('aria-sort');});
th.setAttribute('aria-sort',dir);}
d.querySelectorAll('table.sortable th[data-sort]').forEach(function(th){
var b=d.createElement('button');b.type='button';
while(th.firstChild)b.appendChild(th.firstChild);th.appendChild(b);
b.addEventListener('click',function(){
sortBy(th,th.getAttribute('aria-sort')==='descending'?'ascending':'descending');});});
var f={grade:d.getElementById('f-grade'),cat:d.getElementById('f-cat'),
rule:d.getElementById('f-rule'),text:d.getElementById('f-text')};
function has(el,attr,v){return !v||(' '+(el.getAttribute(attr)||'')+' ').indexOf(' '+v+' ')>=0;}
function apply(){var g=f.grade&&f.grade.value,c=f.cat&&f.cat.value,r=f.rule&&f.rule.value,
t=f.text&&f.text.value.trim();var shown=0,all=0;
d.querySelectorAll('[data-grade]').forEach(function(el){
var ok=has(el,'data-grade',g)&&has(el,'data-cats',c)&&has(el,'data-rules',r)&&
(!t||el.textContent.indexOf(t)>=0);el.hidden=!ok;
if(el.classList.contains('league-row')){all++;if(ok)shown++;}});
var n=d.getElementById('f-count');if(n)n.textContent='显示 '+shown+' / '+all+' 行';}
['grade','cat','rule','text'].forEach(function(k){if(f[k]){
f[k].addEventListener(k==='text'?'input':'change',apply);}});
var q=location.hash.slice(1).split('&');
q.forEach(function(p){var kv=p.split('='),k=kv[0],v=decodeURIComponent(kv[1]||'');
if(f[k])f[k].value=v;
if(k==='sort'){d.querySelectorAll('th[data-key="'+v.replace(/[^a-z]/g,'')+'"]')
.forEach(function(th){sortBy(th,'ascending');});}});
apply();
function reveal(){var id=location.hash.slice(1);if(!id||id.indexOf('=')>=0)return;
var el=d.getElementById(id),x=el&&el.closest('details');if(x){x.open=true;el.scrollIntoView();}}
reveal();window.addEventListener('hashchange',reveal);
window.addEventListener('beforeprint',function(){
d.querySelectorAll('details').forEach(function(x){x.open=true;});});
})();
""".strip()

SCRIPT_HASH = base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii")
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    f"script-src 'sha256-{SCRIPT_HASH}'"
)
