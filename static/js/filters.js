/* Jobs page filters: progressive enhancement over the server-rendered list.
   Without this script the form stays hidden and the browse links do the job.
   Reads /jobs/filter-index.json (built with the site) and keeps the URL query
   in step with the form, like a GET form would. The count beside each choice says how
   many jobs it would show with the other filters as they are; the results heading
   says how many of all open jobs are shown. */
(function () {
  "use strict";

  var form = document.getElementById("job-filters");
  var results = document.getElementById("job-results");
  var pager = document.getElementById("job-pagination");
  var status = document.getElementById("filter-status");
  var more = document.querySelector("#job-filters .filters__more");
  var badge = document.querySelector("#job-filters .filters__active");
  var heading = document.getElementById("results-count");
  if (!form || !results || !status || !window.fetch || !window.URLSearchParams ||
      !window.history || !history.pushState) {
    return;
  }

  var MULTI = ["workplace", "seniority", "type", "skill"];
  var DEBOUNCE_MS = 300;
  var original = results.innerHTML;
  var originalHeading = heading ? heading.textContent : "";
  var showingOriginal = true;
  var indexPromise = null;
  var renderSeq = 0;
  var renderedKey = null; // the query last shown, so unchanged states are not redrawn
  var typingTimer = 0;
  var typing = false; // a keyword/minimum edit already has its own history entry

  function field(name) {
    return form.elements.namedItem(name);
  }

  function checkboxes(name) {
    var boxes = form.querySelectorAll('input[type="checkbox"][name="' + name + '"]');
    return Array.prototype.slice.call(boxes);
  }

  function hasOption(select, value) {
    return Array.prototype.some.call(select.options, function (option) {
      return option.value === value;
    });
  }

  function parseMin(text) {
    var value = Number(String(text || "").trim());
    return String(text || "").trim() !== "" && isFinite(value) && value >= 0 ? value : null;
  }

  /* ---- state <-> form <-> URL ---- */

  function readForm() {
    var state = {
      q: "", location: "", posted: "", currency: "", min: null, nosalary: false, sort: "newest"
    };
    MULTI.forEach(function (name) {
      state[name] = checkboxes(name)
        .filter(function (box) { return box.checked; })
        .map(function (box) { return box.value; });
    });
    var q = field("q");
    if (q) state.q = q.value.trim();
    var place = field("location");
    if (place) state.location = place.value;
    var posted = field("posted");
    if (posted) state.posted = posted.value;
    var currency = field("currency");
    if (currency) state.currency = currency.value;
    var min = field("min");
    if (min) state.min = parseMin(min.value);
    var nosalary = field("nosalary");
    if (nosalary) state.nosalary = nosalary.checked;
    var sort = field("sort");
    if (sort && sort.value === "pay") state.sort = "pay";
    return state;
  }

  function writeForm(params) {
    MULTI.forEach(function (name) {
      var wanted = params.getAll(name);
      checkboxes(name).forEach(function (box) { box.checked = wanted.indexOf(box.value) !== -1; });
    });
    var q = field("q");
    if (q) q.value = params.get("q") || "";
    ["location", "posted", "currency", "sort"].forEach(function (name) {
      var select = field(name);
      if (!select) return;
      var value = params.get(name);
      select.selectedIndex = 0;
      if (value !== null && hasOption(select, value)) select.value = value;
    });
    var min = field("min");
    if (min) {
      var value = parseMin(params.get("min"));
      min.value = value === null ? "" : String(value);
    }
    var nosalary = field("nosalary");
    if (nosalary) nosalary.checked = params.get("nosalary") === "1";
  }

  function toQuery(state) {
    var params = new URLSearchParams();
    function add(name) {
      state[name].forEach(function (value) { params.append(name, value); });
    }
    if (state.q) params.append("q", state.q);
    add("workplace");
    if (state.location) params.append("location", state.location);
    add("seniority");
    add("type");
    if (state.posted) params.append("posted", state.posted);
    add("skill");
    if (state.min !== null) params.append("min", String(state.min));
    if (state.currency && (state.min !== null || state.sort === "pay")) {
      params.append("currency", state.currency); // only meaningful with a minimum or pay sort
    }
    if (state.nosalary && state.min !== null) params.append("nosalary", "1");
    if (state.sort === "pay") params.append("sort", "pay");
    var text = params.toString();
    return text ? "?" + text : "";
  }

  function isActive(state) {
    return Boolean(
      state.q || state.location || state.posted || state.min !== null || state.sort === "pay" ||
      state.workplace.length || state.seniority.length || state.type.length || state.skill.length
    );
  }

  function updateUrl(state, mode) {
    var url = location.pathname + toQuery(state);
    if (url === location.pathname + location.search) return;
    history[mode === "push" ? "pushState" : "replaceState"]({ jobFilters: true }, "", url);
  }

  /* ---- matching and sorting ---- */

  function loadIndex() {
    if (!indexPromise) {
      indexPromise = fetch(form.getAttribute("data-index"), { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then(function (data) {
          if (!data || !Array.isArray(data.jobs)) throw new Error("unexpected filter index");
          return data;
        });
      indexPromise.catch(function () { indexPromise = null; }); // allow a retry on the next change
    }
    return indexPromise;
  }

  function salaryOf(job) {
    var max = job.annual_max != null ? job.annual_max : job.annual_min;
    return job.currency && max != null ? max : null;
  }

  function anyOf(wanted, value) {
    return !wanted.length || wanted.indexOf(value) !== -1;
  }

  /* "ok", or why a job that passed the other filters was left out by the minimum.
     ``skip`` names one filter to leave out, for the counts beside its choices. */
  function verdict(job, state, terms, skip) {
    if (skip !== "workplace" && !anyOf(state.workplace, job.workplace)) return "no";
    if (skip !== "seniority" && !anyOf(state.seniority, job.seniority)) return "no";
    if (skip !== "type" && !anyOf(state.type, job.type)) return "no";
    if (skip !== "posted" && state.posted && !(job.age < Number(state.posted))) return "no";
    var skills = job.skills || [];
    if (skip !== "skill" && state.skill.length &&
        !state.skill.some(function (s) { return skills.indexOf(s) !== -1; })) {
      return "no";
    }
    if (skip !== "location" && state.location) {
      var cut = state.location.indexOf(":");
      var kind = state.location.slice(0, cut);
      var slug = state.location.slice(cut + 1);
      var places = kind === "country" ? job.countries : kind === "city" ? job.cities : null;
      if (!places || places.indexOf(slug) === -1) return "no";
    }
    var text = String(job.text || "").toLowerCase();
    for (var i = 0; i < terms.length; i++) {
      if (text.indexOf(terms[i]) === -1) return "no";
    }
    if (state.min !== null) {
      var pay = salaryOf(job);
      if (pay === null) return state.nosalary ? "ok" : "nosalary";
      if (job.currency !== state.currency) return "currency";
      if (pay < state.min) return "no";
    }
    return "ok";
  }

  function byPay(jobs, currency) {
    var paid = [];
    var rest = [];
    jobs.forEach(function (job, order) {
      var entry = { job: job, order: order };
      (job.currency === currency && salaryOf(job) !== null ? paid : rest).push(entry);
    });
    paid.sort(function (a, b) {
      return (salaryOf(b.job) - salaryOf(a.job)) ||
        ((b.job.annual_min || 0) - (a.job.annual_min || 0)) ||
        (a.order - b.order);
    });
    return paid.concat(rest).map(function (entry) { return entry.job; });
  }

  /* ---- rendering ---- */

  // Thousands separated, as the pages' own counts are written at build time.
  function plural(count, one, many) {
    return count.toLocaleString("en-US") + " " + (count === 1 ? one : many);
  }

  function restore() {
    if (!showingOriginal) {
      results.innerHTML = original;
      showingOriginal = true;
    }
    if (pager) pager.hidden = false;
  }

  function emptyState() {
    var box = document.createElement("div");
    box.className = "empty filter-empty";
    var title = document.createElement("p");
    title.className = "filter-empty__title";
    title.textContent = "No jobs match these filters.";
    var tip = document.createElement("p");
    tip.textContent = "Try fewer filters, another location or a lower minimum salary.";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button button--ghost";
    button.textContent = "Clear all filters";
    button.addEventListener("click", function () {
      clearAll();
      var q = field("q");
      if (q) q.focus();
    });
    box.appendChild(title);
    box.appendChild(tip);
    box.appendChild(button);
    return box;
  }

  /* How many jobs each choice would show, the other filters staying as they are. */
  function countChoices(index, state, terms) {
    var tallies = { workplace: {}, seniority: {}, type: {}, skill: {}, location: {}, posted: {} };
    Object.keys(tallies).forEach(function (name) {
      var tally = tallies[name];
      index.jobs.forEach(function (job) {
        if (verdict(job, state, terms, name) !== "ok") return;
        var values = name === "skill" ? job.skills || []
          : name === "location" ? (job.countries || []).map(function (c) { return "country:" + c; })
            .concat((job.cities || []).map(function (c) { return "city:" + c; }))
          : name === "posted" ? null
          : [job[name]];
        if (values === null) {
          tally[job.age] = (tally[job.age] || 0) + 1; // by age; summed per choice below
          return;
        }
        values.forEach(function (value) { tally[value] = (tally[value] || 0) + 1; });
      });
    });
    MULTI.forEach(function (name) {
      checkboxes(name).forEach(function (box) {
        var count = box.parentNode.querySelector("[data-count]");
        if (!count) return;
        var n = tallies[name][box.value] || 0;
        count.textContent = String(n);
        if (n) count.removeAttribute("data-zero"); else count.setAttribute("data-zero", "");
      });
    });
    ["location", "posted"].forEach(function (name) {
      var select = field(name);
      if (!select) return;
      Array.prototype.forEach.call(select.options, function (option) {
        if (!option.value) return; // "Anywhere", "Any time"
        var label = option.textContent.replace(/ \(\d+\)$/, "");
        var n = 0;
        if (name === "posted") {
          Object.keys(tallies.posted).forEach(function (age) {
            if (Number(age) < Number(option.value)) n += tallies.posted[age];
          });
        } else {
          n = tallies.location[option.value] || 0;
        }
        option.textContent = label + " (" + n + ")";
      });
    });
  }

  function showActiveCount(state) {
    if (!badge) return;
    var count = state.workplace.length + state.seniority.length + state.type.length +
      state.skill.length + (state.location ? 1 : 0) + (state.posted ? 1 : 0) +
      (state.min !== null ? 1 : 0);
    badge.textContent = count ? "(" + count + " active)" : "";
    badge.hidden = !count;
  }

  function render(state) {
    var key = toQuery(state);
    if (key === renderedKey) return;
    var seq = ++renderSeq;
    showActiveCount(state);
    if (!isActive(state)) {
      restore();
      status.textContent = "";
      if (heading) heading.textContent = originalHeading;
      results.removeAttribute("aria-busy");
      renderedKey = key;
      if (indexPromise) indexPromise.then(function (index) {
        if (seq === renderSeq) countChoices(index, state, []);
      }, function () {});
      return;
    }
    renderedKey = null;
    results.setAttribute("aria-busy", "true");
    loadIndex().then(function (index) {
      if (seq !== renderSeq) return;
      renderedKey = key;
      var terms = state.q.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = [];
      var otherCurrency = 0;
      var noSalary = 0;
      index.jobs.forEach(function (job) {
        var result = verdict(job, state, terms);
        if (result === "ok") shown.push(job);
        else if (result === "currency") otherCurrency += 1;
        else if (result === "nosalary") noSalary += 1;
      });
      if (state.sort === "pay") shown = byPay(shown, state.currency);

      if (shown.length) {
        results.innerHTML = shown.map(function (job) { return job.card; }).join("");
      } else {
        results.textContent = "";
        results.appendChild(emptyState());
      }
      showingOriginal = false;
      results.removeAttribute("aria-busy");
      if (pager) pager.hidden = true;

      var total = index.jobs.length;
      if (heading) {
        heading.textContent = shown.length.toLocaleString("en-US") + " of " + plural(total, "open position", "open positions");
      }
      countChoices(index, state, terms);
      var message = "";
      if (state.sort === "pay" && shown.length) {
        var unpaid = shown.filter(function (job) {
          return job.currency !== state.currency || salaryOf(job) === null;
        }).length;
        message += " Highest yearly pay in " + state.currency + " first" + (unpaid
          ? "; " + plural(unpaid, "job", "jobs") + " without a " + state.currency + " salary follow."
          : ".");
      }
      if (otherCurrency) {
        message += " " + plural(otherCurrency, "job", "jobs") + " paid in other currencies " +
          (otherCurrency === 1 ? "is" : "are") + " left out; pay is never converted.";
      }
      if (noSalary) {
        message += " " + plural(noSalary, "job", "jobs") + " without a stated salary " +
          (noSalary === 1 ? "is" : "are") + " hidden.";
      }
      // The heading shows the count; the status says it too, for screen readers.
      status.textContent = "";
      var count = document.createElement("span");
      count.className = "visually-hidden";
      count.textContent = "Showing " + shown.length + " of " +
        plural(total, "open job", "open jobs") + "." + (message ? " " : "");
      status.appendChild(count);
      if (message) status.appendChild(document.createTextNode(message.replace(/^ /, "")));
    }, function () {
      if (seq !== renderSeq) return;
      restore();
      if (heading) heading.textContent = originalHeading;
      results.removeAttribute("aria-busy");
      status.textContent = "Filtering is unavailable: the job index could not be loaded. " +
        "The list below is unfiltered; the browse links still work.";
    });
  }

  /* ---- events ---- */

  function commit(mode) {
    window.clearTimeout(typingTimer);
    var state = readForm();
    updateUrl(state, mode);
    render(state);
  }

  function clearAll() {
    window.clearTimeout(typingTimer);
    typing = false;
    writeForm(new URLSearchParams(""));
    if (location.search) history.pushState({ jobFilters: true }, "", location.pathname);
    render(readForm());
  }

  function isTextEntry(target) {
    return target && (target.name === "q" || target.name === "min");
  }

  form.addEventListener("input", function (event) {
    if (!isTextEntry(event.target)) return;
    window.clearTimeout(typingTimer);
    typingTimer = window.setTimeout(function () {
      // The first pause in an edit adds one history entry; later pauses update it.
      commit(typing ? "replace" : "push");
      typing = true;
    }, DEBOUNCE_MS);
  });

  form.addEventListener("change", function () {
    typing = false;
    commit("push");
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    typing = false;
    commit("push");
  });

  form.addEventListener("reset", function (event) {
    event.preventDefault();
    clearAll();
  });

  form.addEventListener("focusin", function () {
    loadIndex().catch(function () { /* reported when a filter is applied */ });
  }, { once: true });

  window.addEventListener("popstate", function () {
    window.clearTimeout(typingTimer);
    typing = false;
    writeForm(new URLSearchParams(location.search));
    render(readForm());
  });

  // "More filters" folds away on phones; wide screens show every filter in the sidebar.
  var wide = window.matchMedia ? window.matchMedia("(min-width: 64rem)") : null;
  function openWhenWide() {
    if (more && (!wide || wide.matches)) more.open = true;
  }
  if (wide && wide.addEventListener) wide.addEventListener("change", openWhenWide);
  openWhenWide();

  form.hidden = false;
  writeForm(new URLSearchParams(location.search));
  render(readForm());
})();
