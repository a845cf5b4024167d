/** A small self-contained login page: posts JSON to the same URL and follows the returned path. */
export function loginPage(dbName: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Log in</title>
<style>body{font-family:sans-serif;max-width:22rem;margin:4rem auto;padding:0 1rem}label,input,button{display:block;width:100%;margin:.4rem 0}input,button{padding:.5rem;box-sizing:border-box}#error{color:#b00020;min-height:1.2rem}</style>
</head><body>
<h1>Log in</h1>
<form id="login"><label>User name<input name="user" autocomplete="username" required></label>
<label>Password<input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Log in</button><p id="error" role="alert"></p></form>
<script>
document.getElementById('login').addEventListener('submit', async function (e) {
  e.preventDefault();
  var form = new FormData(e.target);
  var redirect = new URLSearchParams(location.search).get('redirect') || '';
  var res = await fetch('/${dbName}/login', { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ user: form.get('user'), password: form.get('password'), redirect: redirect }) });
  if (res.status === 302 || res.type === 'opaqueredirect') { location.href = (await res.text()) || '/'; return; }
  document.getElementById('error').textContent = res.status === 429 ? 'Too many attempts, wait a moment.' : 'Incorrect user name or password.';
});
</script></body></html>`;
}
