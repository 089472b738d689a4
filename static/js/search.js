/* Site search over the Pagefind index built with the site (pagefind/ beside the pages).
   On every page: the header box leads to the search page instead of the jobs list.
   On the search page: results, filters with counts, order, all kept in the URL.
   Text from the index is only ever written with textContent; excerpts are split on
   the <mark> tags Pagefind adds, never parsed as HTML. */

const PAGE_SIZE = 10;
const SHOWN_VALUES = 6; // filter values shown before "Show more"
const LONGEST_TEXT = 300; // characters of one index field shown in a result
const LONGEST_WORD = 60;
const DEBOUNCE_MS = 250;
// A board's index may come in shards (pagefind/, then pagefind/s1/, s2/ … merged into
// it); each shard's pages carry this synthetic filter so one shard can be searched alone.
const SHARD = "mltl-shard";

const box = document.querySelector("form.search-box[data-search-url]");
if (box) box.action = box.dataset.searchUrl;

document.addEventListener("keydown", (event) => {
  if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target;
  if (target instanceof HTMLElement && target.closest("input, textarea, select, [contenteditable]")) return;
  const field = document.getElementById("search-q") || document.getElementById("site-search");
  if (field) {
    event.preventDefault();
    field.focus();
    field.select();
  }
});

const app = document.getElementById("search-app");
if (app) searchPage(app);

function clip(text, limit = LONGEST_TEXT) {
  const value = String(text ?? "");
  return value.length > limit ? value.slice(0, limit - 1) + "…" : value;
}

function clipWords(text) {
  return text.replace(new RegExp(`\\S{${LONGEST_WORD + 1},}`, "g"), (word) => clip(word, LONGEST_WORD));
}

/* Pagefind escapes < and > in the page text and wraps hits in <mark>…</mark>. The hidden
   word every indexed page starts with (data-every) is left out, marked or not. */
function appendExcerpt(parent, excerpt, every) {
  let into = parent;
  let text = String(excerpt ?? "");
  if (every) text = text.split(`<mark>${every}</mark>`).join("").split(every).join("").trimStart();
  for (const part of text.split(/(<mark>|<\/mark>)/)) {
    if (part === "<mark>") {
      into = parent.appendChild(document.createElement("mark"));
    } else if (part === "</mark>") {
      into = parent;
    } else if (part) {
      into.appendChild(document.createTextNode(clipWords(part.replace(/&lt;/g, "<").replace(/&gt;/g, ">"))));
    }
  }
}

/* Only paths of this site: whatever is in the index, a result never links elsewhere. */
function siteUrl(raw, hash) {
  let url;
  try {
    url = new URL(String(raw), location.href);
  } catch {
    return null;
  }
  if (url.origin !== location.origin) return null;
  if (hash !== undefined) url.hash = hash;
  return url.pathname + url.search + url.hash;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = clip(text);
  return node;
}

function plural(count, one, many) {
  return `${count.toLocaleString("en-US")} ${count === 1 ? one : many}`;
}

function searchPage(root) {
  const form = document.getElementById("search-form");
  const input = document.getElementById("search-q");
  const sort = document.getElementById("search-sort");
  const order = document.getElementById("search-order");
  const panel = document.getElementById("search-filters");
  const clear = document.getElementById("search-clear");
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  const more = document.getElementById("search-more");
  const fallback = document.getElementById("search-fallback");
  const groups = [...panel.querySelectorAll("fieldset[data-filter]")].map((fieldset) => ({
    key: fieldset.dataset.filter,
    heading: fieldset.querySelector("legend").textContent,
    fieldset,
    values: new Map(), // value → {item, box, count}
    expanded: false,
    toggle: null,
  }));
  const keys = groups.map((group) => group.key);
  const jobsUrl = form.getAttribute("action");
  const every = root.dataset.every || "";
  const pageTitle = document.title;

  let engine = null;
  let seq = 0;
  let shown = inOrder([]);
  let typingTimer = 0;
  let typing = false; // this burst of typing already has its history entry

  function load() {
    if (!engine) {
      engine = import(root.dataset.bundle + "pagefind.js").then(async (pagefind) => {
        const shards = Math.max(1, Math.floor(Number(root.dataset.shards)) || 1);
        const common = { baseUrl: root.dataset.base, excerptLength: 24 };
        const tagged = (shard) => (shards > 1 ? { ...common, mergeFilter: { [SHARD]: String(shard) } } : common);
        await pagefind.options(tagged(0));
        await pagefind.init();
        const merged = [];
        for (let shard = 1; shard < shards; shard++) {
          merged.push(pagefind.mergeIndex(`${root.dataset.bundle}s${shard}/`, tagged(shard)));
        }
        await Promise.all(merged);
        return { pagefind, shards, totals: await pagefind.filters() };
      });
    }
    return engine;
  }

  /* Results in order, read a page at a time: {length, page(from, to) → their data}. */
  function inOrder(results) {
    return { length: results.length, page: (from, to) => Promise.all(results.slice(from, to).map((r) => r.data())) };
  }

  /* Merged shards give their results by score, and a sorted shard scores its results by
     their place in it, which says nothing of another shard's. So each shard is searched
     alone and the lists are merged by the sort value each job records in its meta. */
  async function sortedAcross(pagefind, shards, term, options, total) {
    const lists = await Promise.all(
      Array.from({ length: shards }, (_, shard) =>
        pagefind.search(term, { ...options, filters: { ...options.filters, [SHARD]: String(shard) } }),
      ),
    );
    const heads = lists.map((search) => ({ results: search ? search.results : [], at: 0, data: null }));
    const merged = [];
    const key = "sort_" + Object.keys(options.sort)[0];
    async function fill(count) {
      while (merged.length < count) {
        const open = heads.filter((head) => head.at < head.results.length);
        if (!open.length) return;
        await Promise.all(open.map(async (head) => { head.data = head.data || (await head.results[head.at].data()); }));
        let best = open[0];
        for (const head of open.slice(1)) {
          if (later(best.data.meta?.[key], head.data.meta?.[key])) best = head;
        }
        merged.push(best.data);
        best.at += 1;
        best.data = null;
      }
    }
    return { length: total, page: async (from, to) => { await fill(to); return merged.slice(from, to); } };
  }

  /* True if b comes before a, highest first: numbers as numbers, dates as text. */
  function later(a, b) {
    const x = String(a ?? "");
    const y = String(b ?? "");
    const number = /^-?\d+(\.\d+)?$/;
    if (number.test(x) && number.test(y)) return Number(y) > Number(x);
    return y > x;
  }

  /* ---- state <-> URL <-> form ---- */

  function fromUrl() {
    const params = new URLSearchParams(location.search);
    const state = { q: (params.get("q") || "").trim(), sort: params.get("sort") || "", filters: {} };
    if (![...sort.options].some((option) => option.value === state.sort)) state.sort = "";
    for (const key of keys) {
      const values = params.getAll(key);
      if (values.length) state.filters[key] = values;
    }
    return state;
  }

  function fromForm() {
    const state = { q: input.value.trim(), sort: sort.value, filters: {} };
    for (const group of groups) {
      const values = [...group.values].filter(([, v]) => v.box.checked).map(([value]) => value);
      if (values.length) state.filters[group.key] = values;
    }
    return state;
  }

  function toQuery(state) {
    const params = new URLSearchParams();
    if (state.q) params.append("q", state.q);
    for (const key of keys) for (const value of state.filters[key] || []) params.append(key, value);
    if (state.sort) params.append("sort", state.sort);
    const text = params.toString();
    return location.pathname + (text ? "?" + text : "");
  }

  function writeForm(state) {
    input.value = state.q;
    sort.value = state.sort;
    for (const group of groups) {
      const wanted = state.filters[group.key] || [];
      for (const [value, entry] of group.values) entry.box.checked = wanted.includes(value);
    }
  }

  function remember(state, replace) {
    const url = toQuery(state);
    if (url === location.pathname + location.search) return;
    history[replace ? "replaceState" : "pushState"](null, "", url);
  }

  /* ---- filters ---- */

  function engineFilters(filters, except) {
    const out = {};
    for (const [key, values] of Object.entries(filters)) {
      if (key !== except) out[key] = { any: values };
    }
    return out;
  }

  function buildGroups(totals) {
    for (const group of groups) {
      const values = Object.entries(totals[group.key] || {})
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
      const ul = group.fieldset.querySelector("ul");
      for (const [value] of values) {
        const item = element("li", "search-filter__value");
        const label = element("label");
        const box = element("input");
        box.type = "checkbox";
        box.name = group.key;
        box.value = value;
        box.addEventListener("change", () => update(false));
        const count = element("span", "search-filter__count");
        label.append(box, " ", element("span", "search-filter__name", value), " ", count);
        item.append(label);
        ul.append(item);
        group.values.set(value, { item, box, count });
      }
      if (values.length > SHOWN_VALUES) {
        group.toggle = element("button", "search-filter__toggle");
        group.toggle.type = "button";
        group.toggle.setAttribute("aria-expanded", "false");
        group.toggle.addEventListener("click", () => {
          group.expanded = !group.expanded;
          layout(group);
          if (!group.expanded) group.toggle.focus();
        });
        group.fieldset.append(group.toggle);
      }
    }
  }

  function layout(group) {
    let visible = 0;
    let hidden = 0;
    for (const entry of group.values.values()) {
      const available = entry.box.checked || entry.box === document.activeElement || entry.number > 0;
      const show = available && (group.expanded || visible < SHOWN_VALUES || entry.box.checked);
      entry.item.hidden = !show;
      if (show) visible += 1;
      else if (available) hidden += 1;
    }
    group.fieldset.hidden = visible === 0;
    if (group.toggle) {
      group.toggle.hidden = !group.expanded && hidden === 0;
      group.toggle.textContent = group.expanded ? `Show fewer` : `Show ${hidden} more`;
      group.toggle.setAttribute("aria-expanded", String(group.expanded));
      group.toggle.setAttribute("aria-label", `${group.toggle.textContent}: ${group.heading}`);
    }
  }

  /* What Pagefind searches for. Without words, the word every indexed page holds: a search
     for nothing fetches every chunk of the word index (megabytes on a large board), a
     search for one word only the chunk holding it, and both find every page. */
  function term(state) {
    return state.q || every || null;
  }

  /* Each value's count: the results it would give, the other groups' choices applied. */
  async function counts(pagefind, state, search) {
    const out = {};
    for (const group of groups) {
      if (state.filters[group.key]) {
        const others = await pagefind.search(term(state), { filters: engineFilters(state.filters, group.key) });
        out[group.key] = others.filters[group.key] || {};
      } else {
        out[group.key] = search.filters[group.key] || {};
      }
    }
    return out;
  }

  function showCounts(byGroup) {
    for (const group of groups) {
      const numbers = byGroup ? byGroup[group.key] : null;
      for (const [value, entry] of group.values) {
        entry.number = numbers ? numbers[value] || 0 : 1;
        entry.count.textContent = numbers ? String(entry.number) : "";
        if (numbers) {
          const hint = element("span", "visually-hidden", entry.number === 1 ? " result" : " results");
          entry.count.append(hint);
        }
      }
      layout(group);
    }
    clear.hidden = Object.keys(fromForm().filters).length === 0;
  }

  /* ---- results ---- */

  function describe(state, count) {
    const words = state.q ? ` for “${clip(state.q, 80)}”` : "";
    const chosen = Object.entries(state.filters).map(([key, values]) => {
      const group = groups.find((g) => g.key === key);
      return `${group.heading}: ${values.join(" or ")}`;
    });
    let text = (count ? plural(count, "result", "results") : "No results") + words;
    if (chosen.length) text += `, ${chosen.join("; ")}`;
    text += ".";
    if (state.sort) text += " " + sort.options[sort.selectedIndex].dataset.note;
    if (!count) text += " Try fewer or other words, or browse the jobs below.";
    return text;
  }

  function sectionHash(data, sub) {
    /* A heading that opens a section links to the section, as the page's contents do:
       the outermost element with an id that starts where the heading starts. */
    const at = sub.anchor.location;
    const outer = (data.anchors || []).find((a) => a.location === at && a.id && !/^h\d$/i.test(a.element));
    return (outer || sub.anchor).id;
  }

  function resultItem(data) {
    const meta = data.meta || {};
    const href = siteUrl(data.url);
    if (!href) return null;
    const kind = meta.kind || "Page";
    const item = element("li", "search-result");
    item.dataset.kind = kind;
    item.append(element("p", "search-result__kind", kind));
    const heading = element("h2", "search-result__title");
    heading.append(element("a", "", meta.title || href));
    heading.firstChild.href = href;
    item.append(heading);
    if (kind === "Job") {
      const facts = element("p", "search-result__facts");
      for (const name of ["company", "location", "pay", "pay_note"]) {
        if (meta[name]) facts.append(element("span", `search-result__${name.replace("_", "-")}`, meta[name]));
      }
      if (meta.posted) {
        const time = element("time", "", `Posted ${meta.posted}`);
        if (/^\d{4}-\d{2}-\d{2}$/.test(meta.posted_iso || "")) time.dateTime = meta.posted_iso;
        facts.append(time);
      }
      item.append(facts);
    }
    const sections = kind === "Job" ? [] : (data.sub_results || []).filter((sub) => sub.anchor).slice(0, 3);
    if (sections.length) {
      const ul = element("ul", "search-result__sections");
      for (const sub of sections) {
        const url = siteUrl(sub.url, sectionHash(data, sub));
        if (!url) continue;
        const li = element("li");
        const link = element("a", "", sub.title || meta.title);
        link.href = url;
        const excerpt = element("p", "search-result__excerpt");
        appendExcerpt(excerpt, sub.excerpt, every);
        li.append(link, excerpt);
        ul.append(li);
      }
      item.append(ul);
    } else {
      const excerpt = element("p", "search-result__excerpt");
      appendExcerpt(excerpt, data.excerpt, every);
      item.append(excerpt);
    }
    return item;
  }

  async function showMore(mine, focusFirst) {
    const loaded = await shown.page(list.children.length, list.children.length + PAGE_SIZE);
    if (mine !== seq) return;
    const items = loaded.map(resultItem).filter(Boolean);
    list.append(...items);
    more.hidden = list.children.length >= shown.length;
    if (focusFirst && items.length) items[0].querySelector("a").focus();
  }

  async function run(state) {
    const mine = ++seq;
    let loaded;
    try {
      loaded = await load();
    } catch (error) {
      engine = null; // try again on the next search
      status.textContent = "Search is not available right now. ";
      const link = element("a", "", "Look through the open jobs instead");
      link.href = jobsUrl + (state.q ? "?q=" + encodeURIComponent(state.q) : "");
      status.append(link, ".");
      fallback.hidden = false;
      return;
    }
    const { pagefind, shards, totals } = loaded;
    if (mine !== seq) return;
    if (!groups.some((group) => group.values.size)) buildGroups(totals);
    writeForm(state);
    document.title = state.q ? `${clip(state.q, 60)} – ${pageTitle}` : pageTitle; // for history
    const active = state.q || Object.keys(state.filters).length;
    if (!active) {
      list.replaceChildren();
      shown = inOrder([]);
      more.hidden = true;
      showCounts(totals);
      status.textContent = "";
      fallback.hidden = false;
      return;
    }
    const options = { filters: engineFilters(state.filters) };
    if (state.sort) options.sort = { [state.sort]: "desc" };
    const search = await pagefind.search(term(state), options);
    if (mine !== seq || !search) return;
    const byGroup = await counts(pagefind, state, search);
    if (mine !== seq) return;
    shown = state.sort && shards > 1
      ? await sortedAcross(pagefind, shards, term(state), options, search.results.length)
      : inOrder(search.results);
    if (mine !== seq) return;
    list.replaceChildren();
    await showMore(mine, false);
    if (mine !== seq) return;
    showCounts(byGroup);
    fallback.hidden = shown.length > 0;
    status.textContent = describe(state, shown.length);
  }

  function update(replace) {
    const state = fromForm();
    remember(state, replace);
    run(state);
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(typingTimer);
    typing = false;
    update(false);
  });
  input.addEventListener("input", () => {
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => {
      update(typing);
      typing = true;
    }, DEBOUNCE_MS);
  });
  input.addEventListener("blur", () => { typing = false; });
  sort.addEventListener("change", () => update(false));
  clear.addEventListener("click", () => {
    for (const group of groups) for (const entry of group.values.values()) entry.box.checked = false;
    update(false);
    input.focus();
  });
  more.addEventListener("click", async () => {
    await showMore(seq, true);
    status.textContent = `Showing ${list.children.length} of ${plural(shown.length, "result", "results")}.`;
  });
  window.addEventListener("popstate", () => run(fromUrl()));
  input.addEventListener("focus", () => { load().catch(() => {}); }, { once: true });

  sort.disabled = false;
  order.hidden = false;
  panel.hidden = false;
  // On a phone the filters fold into one line, so the results come first.
  if (window.matchMedia("(max-width: 63.99rem)").matches) panel.open = false;
  run(fromUrl());
}
