/** The page a token-login link opens: it posts to its own URL and follows the path the answer carries (contacts-users §2.18). */
export function tokenLoginPage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><title>Logging in</title>
<style>body{font-family:sans-serif;max-width:22rem;margin:4rem auto;padding:0 1rem}#error{color:#b00020}</style>
</head><body>
<h1>Logging in…</h1><p id="error" role="alert"></p>
<script>
(async function () {
  var messages = { expired: 'This link has expired. Ask for a new one.', invalid: 'This link is not valid any more.', disabled: 'Login by SMS is not enabled.' };
  var res = await fetch(location.pathname, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/json' }, body: '{}' });
  if (res.status === 302 || res.type === 'opaqueredirect') { location.href = (await res.text()) || '/'; return; }
  var body = {};
  try { body = await res.json(); } catch (e) {}
  document.getElementById('error').textContent = messages[body.error] || body.error || 'Could not log in.';
})();
</script></body></html>`;
}
