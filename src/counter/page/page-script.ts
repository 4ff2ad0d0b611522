/**
 * The counter screen's script, served as it is (no build step, nothing from outside the bot;
 * plain ES2017 for old phones and tablets). It follows the page's live stream:
 * - `ready`: sent on each connection; `recent` (a page that just opened: today's last payments,
 *   shown, not said) and the chat's request;
 * - `payment`: one the page has not shown yet, shown big and said aloud (unless the chat's quiet
 *   hours are on); each is shown once, by its key, however often it is sent;
 * - `request`: the chat's /qr request changed (null: none to show);
 * - `revoked`: `/counter off`; `reload`: the chat's language changed.
 * Every event id is the page's place in the payments stored: the browser sends it back as
 * `Last-Event-ID` when it reconnects by itself, and the page as `?after=` when it has to start
 * the stream again (a proxy answered an error while the bot restarted), so that what arrived
 * meanwhile comes, once. Everything the bot sends is placed as text, never as markup.
 */
export const PAGE_SCRIPT = `(function () {
  'use strict';
  var body = document.body;
  var data = body.dataset;
  var base = data.base;
  var voiceLang = data.lang;
  var $ = function (id) { return document.getElementById(id); };
  // The keys of the payments shown (the last 1 000: a page may stay open for months).
  var seen = {};
  var seenOrder = [];
  var cursor = null;
  var source = null;
  var retryMs = 1000;
  var stopped = false;
  var countdown = null;
  var hideTimer = null;
  var wakeLock = null;

  function setStatus(live) {
    var status = $('status');
    status.textContent = live ? data.live : data.reconnecting;
    status.className = 'status ' + (live ? 'live' : 'down');
  }

  // Sound: browsers let a page speak once someone tapped it. The page tries anyway, and shows
  // the button until a tap (or again when the browser refuses).
  function voice() {
    var voices = window.speechSynthesis.getVoices() || [];
    var prefix = voiceLang.slice(0, 2).toLowerCase();
    for (var i = 0; i < voices.length; i++) {
      if (voices[i].lang && voices[i].lang.replace('_', '-').toLowerCase().indexOf(prefix) === 0) return voices[i];
    }
    return null;
  }
  function say(text) {
    if (!window.speechSynthesis || typeof window.SpeechSynthesisUtterance !== 'function') return;
    var utterance = new window.SpeechSynthesisUtterance(text);
    utterance.lang = voiceLang;
    var chosen = voice();
    if (chosen) utterance.voice = chosen;
    utterance.onerror = function (event) {
      if (event.error === 'not-allowed') $('sound').hidden = false;
    };
    window.speechSynthesis.speak(utterance);
  }
  $('sound').addEventListener('click', function () {
    $('sound').hidden = true;
    say(data.soundOn);
    keepAwake();
  });

  // The screen stays on where the browser offers it (a secure page: https, or localhost).
  function keepAwake() {
    if (wakeLock || !navigator.wakeLock || document.visibilityState !== 'visible') return;
    navigator.wakeLock.request('screen').then(function (lock) {
      wakeLock = lock;
      lock.addEventListener('release', function () { wakeLock = null; });
    }, function () {});
  }
  document.addEventListener('visibilitychange', keepAwake);

  function line(className, text) {
    var span = document.createElement('span');
    span.className = className;
    span.textContent = text;
    return span;
  }

  function earlier(payment) {
    var item = document.createElement('li');
    item.appendChild(line('amount', payment.amount));
    item.appendChild(line('time', payment.time));
    item.appendChild(line('who', payment.sender || payment.content));
    var list = $('earlier');
    list.insertBefore(item, list.firstChild);
    while (list.children.length > 30) list.removeChild(list.lastChild);
    $('earlier-box').hidden = false;
  }

  var latest = null;
  function show(payment, live) {
    if (seen[payment.key]) return;
    seen[payment.key] = true;
    seenOrder.push(payment.key);
    if (seenOrder.length > 1000) delete seen[seenOrder.shift()];
    if (latest) earlier(latest);
    latest = payment;
    var box = $('latest');
    box.classList.remove('waiting', 'fresh');
    $('latest-amount').textContent = payment.amount;
    $('latest-meta').textContent = payment.sender ? payment.time + ' · ' + payment.sender : payment.time;
    $('latest-content').textContent = payment.content;
    $('latest-quiet').hidden = payment.speak;
    if (!live) return;
    void box.offsetWidth;
    box.classList.add('fresh');
    if (payment.speak) say(payment.words);
  }

  function clock(ms) {
    var seconds = Math.max(0, Math.ceil(ms / 1000));
    var minutes = Math.floor(seconds / 60);
    seconds = seconds % 60;
    return minutes + ':' + (seconds < 10 ? '0' : '') + seconds;
  }

  function showRequest(request) {
    clearInterval(countdown);
    clearTimeout(hideTimer);
    var box = $('request');
    if (!request) {
      box.hidden = true;
      body.classList.remove('has-request');
      return;
    }
    box.hidden = false;
    box.className = 'request ' + request.status;
    body.classList.add('has-request');
    $('request-headline').textContent = request.headline;
    $('request-code').textContent = request.code;
    $('request-note').textContent = request.note;
    $('request-note').hidden = request.note === '';
    var open = request.expiresIn !== null;
    var qr = $('qr');
    $('request-qr').hidden = !open || request.payload === null;
    $('request-scan').hidden = $('request-qr').hidden;
    if (open && request.payload !== null && qr.dataset.code !== request.code) {
      qr.dataset.code = request.code;
      qr.dataset.payload = request.payload;
      qr.alt = request.payload;
      qr.src = base + 'qr/' + request.code + '.png';
    }
    var expiry = $('request-expiry');
    expiry.textContent = '';
    if (open) {
      var ends = Date.now() + request.expiresIn;
      var tick = function () { expiry.textContent = data.expiresIn + ' ' + clock(ends - Date.now()); };
      tick();
      countdown = setInterval(tick, 1000);
    }
    if (request.hideIn !== null) hideTimer = setTimeout(function () { showRequest(null); }, request.hideIn);
  }

  function revoked() {
    stopped = true;
    if (source) source.close();
    showRequest(null);
    $('latest').hidden = true;
    $('earlier-box').hidden = true;
    $('earlier').textContent = '';
    $('sound').hidden = true;
    setStatus(false);
    $('status').hidden = true;
    var notice = $('notice');
    notice.textContent = data.revoked;
    notice.hidden = false;
  }

  function track(event) {
    if (event.lastEventId) cursor = event.lastEventId;
  }

  function connect() {
    if (stopped) return;
    source = new EventSource(base + 'events' + (cursor === null ? '' : '?after=' + encodeURIComponent(cursor)));
    source.addEventListener('open', function () {
      retryMs = 1000;
      setStatus(true);
    });
    source.addEventListener('ready', function (event) {
      track(event);
      var message = JSON.parse(event.data);
      (message.recent || []).forEach(function (payment) { show(payment, false); });
      showRequest(message.request);
    });
    source.addEventListener('payment', function (event) {
      track(event);
      show(JSON.parse(event.data), true);
    });
    source.addEventListener('request', function (event) {
      showRequest(JSON.parse(event.data).request);
    });
    source.addEventListener('revoked', revoked);
    source.addEventListener('reload', function () { location.reload(); });
    source.addEventListener('error', function () {
      setStatus(false);
      if (source.readyState !== EventSource.CLOSED) return;
      // The browser gave up (an error status, a proxy's page): look whether the link still
      // works, and start again, waiting longer each time.
      source.close();
      setTimeout(function () {
        fetch(location.href, { method: 'HEAD', cache: 'no-store' }).then(function (answer) {
          if (answer.status === 404) revoked();
          else connect();
        }, connect);
      }, retryMs);
      retryMs = Math.min(retryMs * 2, 30000);
    });
  }

  keepAwake();
  connect();
})();
`;
