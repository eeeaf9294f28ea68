// Quizzes that answer without a kernel (course/static_quiz.py builds the page and its table).
// Plain JavaScript, no network, nothing stored. The feedback is the course's own, worked out in
// Python for every response; this script reads the response, counts tries as QuestionState does
// (after max_tries wrong tries the answer is revealed) and picks. course/static_quiz.py inlines it
// in each quiz, followed by courseQuizBook("<the quiz's key>").
function courseQuizBook(key) {
  "use strict";
  var SIGNS = "+-\u2212";

  // --- reading a typed number, as course.answers.parse_number does ---------------------------
  function pyStrip(text) { return text.replace(/^\s+|\s+$/g, ""); }
  function normUnit(text) { return text.split(/\s+/).filter(Boolean).join(" ").toLowerCase(); }

  // {value: number} or {problem: key of the table's messages, x: the part of the message it repeats}
  function parseNumber(response, units, maxLength) {
    var length = Array.from(response).length;
    if (length > maxLength) return {problem: "long", x: String(length)};
    var text = pyStrip(response), sign = "";
    if (text && SIGNS.indexOf(text[0]) >= 0) { sign = text[0]; text = text.slice(1).replace(/^\s+/, ""); }
    var match = /^(?:\d|[.,]\d)[\d.,]*/.exec(text);
    if (!match) return {problem: pyStrip(response) ? "word" : "empty"};
    var digits = match[0], rest = text.slice(digits.length);
    var exponent = /^[eE][+\-\u2212]?\d+/.exec(rest);
    if (exponent) {
      var n = Number(digits.replace(/,/g, "") + exponent[0].replace("\u2212", "-"));
      return {problem: (!isNaN(n) && !isFinite(n)) ? "powerHuge" : "power", x: sign + digits + exponent[0]};
    }
    if (/^\d*,\d{1,2}$/.test(digits)) {
      digits = digits.replace(",", ".");
    } else if (digits.indexOf(",") >= 0) {
      if (!/^\d{1,3}(,\d{3})+(\.\d*)?$/.test(digits)) return {problem: "comma", x: sign + digits};
      digits = digits.replace(/,/g, "");
    }
    if (digits.split(".").length > 2) return {problem: "points", x: sign + digits};
    var value = Number(digits) * (sign === "-" || sign === "\u2212" ? -1 : 1);
    if (!isFinite(value)) return {problem: "huge"};
    rest = normUnit(rest);
    if (rest && units.indexOf(rest) < 0) return {problem: "unit", x: rest};
    return {value: value};
  }

  // A number as course.answers._fmt writes it: 23, 2.5, 0.125 ("%.10g" unless it is whole).
  function fmt(x) {
    if (Number.isInteger(x)) return BigInt(x).toString();
    var parts = x.toExponential(9).split("e"), exp = Number(parts[1]);
    var trim = function (s) { return s.indexOf(".") < 0 ? s : s.replace(/0+$/, "").replace(/\.$/, ""); };
    if (exp < -4 || exp >= 10) {
      var power = String(Math.abs(exp));
      return trim(parts[0]) + "e" + (exp < 0 ? "-" : "+") + (power.length < 2 ? "0" + power : power);
    }
    return trim(x.toFixed(9 - exp));
  }

  function escapeHtml(text) {  // as markdown-it escapes text
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  // A feedback of the table: its pieces (each a list of indices into the quiz's strings) with the
  // values (HTML-safe) put between them: "t" the try, "v" the number typed, "x" what was typed.
  function fill(strings, version, values) {
    var piece = function (i) { return version.p[i].map(function (j) { return strings[j]; }).join(""); };
    var out = piece(0);
    for (var i = 0; i < version.s.length; i++) out += values[version.s[i]] + piece(i + 1);
    return out;
  }

  // What the page holds for a typed number: {key: its range, value: as written back} or {problem, x}.
  function numberResponse(table, typed) {
    var read = parseNumber(typed, table.u, table.n);
    if (read.problem) return read;
    var key = read.value < table.b[0] ? "low" : (read.value > table.b[1] ? "high" : "ok");
    return {key: key, value: fmt(read.value)};
  }

  // The feedback for a response ({key, value} or {problem, x}), counting the try in ``state``
  // ({attempts, wrong, revealed}) as QuestionState.submit does; a response that cannot be checked
  // is not counted.
  function answer(table, strings, state, got) {
    if (got.problem) return fill(strings, table.i[got.problem], {x: escapeHtml(got.x || "")});
    var entry = table.r[got.key];
    state.attempts += 1;
    if (!entry[0]) {
      state.wrong += 1;
      if (state.wrong >= table.m) state.revealed = true;
    }
    return fill(strings, entry[state.revealed ? 2 : 1], {t: String(state.attempts), v: escapeHtml(got.value || "")});
  }

  var api = {parseNumber: parseNumber, fmt: fmt, fill: fill, numberResponse: numberResponse, answer: answer};
  if (key === null || typeof document === "undefined") return api;

  // --- the page ------------------------------------------------------------------------------
  function decode(text) {
    var bytes = Uint8Array.from(atob(text), function (c) { return c.charCodeAt(0); });
    return JSON.parse(new TextDecoder().decode(bytes));
  }

  function response(form, table, k) {
    var name = "q" + k;
    if (table.k === "single" || table.k === "evidence") {
      var chosen = form.querySelector('input[name="' + name + '"]:checked');
      return chosen ? {key: chosen.value} : {problem: "none"};
    }
    if (table.k === "multiple") {
      var mask = 0;
      form.querySelectorAll('input[name="' + name + '"]:checked').forEach(function (box) {
        mask += Math.pow(2, Number(box.value));
      });
      return mask ? {key: String(mask)} : {problem: "none"};
    }
    if (table.k === "order") {
      var keys = [];
      form.querySelectorAll("select").forEach(function (s) { keys.push(s.value); });
      return {key: keys.join(",")};
    }
    return numberResponse(table, form.querySelector('input[name="' + name + '"]').value);
  }

  function startQuestion(form, table, k, strings) {
    var state = {attempts: 0, wrong: 0, revealed: false};
    var feedback = form.querySelector(".course-feedback"), hint = form.querySelector(".course-hint");
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    var moved = form.querySelector(".course-quiz-book-moved");
    selects.forEach(function (select, position) {
      select.dataset.was = select.value;
      select.addEventListener("change", function () {  // an order stays an order: the two positions swap
        var other = selects.filter(function (s, j) { return j !== position && s.value === select.value; })[0];
        if (other) {
          other.value = select.dataset.was;
          other.dataset.was = other.value;
          if (moved) {
            moved.textContent = "Position " + (selects.indexOf(other) + 1) + " now holds " +
              other.options[other.selectedIndex].text + ".";
          }
        }
        select.dataset.was = select.value;
      });
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      feedback.innerHTML = answer(table, strings, state, response(form, table, k));
    });
    form.querySelector(".course-reset").addEventListener("click", function () {
      state = {attempts: 0, wrong: 0, revealed: false};
      form.reset();
      selects.forEach(function (s) { s.dataset.was = s.value; });
      feedback.innerHTML = "";
      hint.innerHTML = "";
      if (moved) moved.textContent = "";
    });
    var hintButton = form.querySelector(".course-hint-button");
    if (hintButton) hintButton.addEventListener("click", function () { hint.innerHTML = table.h || ""; });
    form.querySelector(".course-quiz-book-teacher").addEventListener("click", function () {
      state.revealed = true;  // as in the live lesson, a revealed answer stays revealed until Try again
      feedback.innerHTML = table.a;
    });
    form.querySelectorAll("button").forEach(function (b) { b.disabled = false; });
  }

  function start(root) {
    if (root.getAttribute("data-course-quiz-book-ready")) return;  // this quiz is already running
    root.setAttribute("data-course-quiz-book-ready", "1");
    var quiz = decode(root.getAttribute("data-quiz"));
    root.querySelectorAll("form.course-question").forEach(function (form) {
      var k = Number(form.getAttribute("data-q"));
      startQuestion(form, quiz.q[k], k, quiz.s);
    });
    root.querySelectorAll(".course-quiz-book-off").forEach(function (p) { p.hidden = true; });
  }

  document.querySelectorAll('[data-course-quiz-book="' + key + '"]').forEach(start);
  return api;
}
