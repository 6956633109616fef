import { api } from './api.js';

function renderWelcome() {
  const params = new URLSearchParams(window.location.hash.slice(1));
  const name = params.get('name') || 'there';
  const box = document.getElementById('welcome');
  box.innerHTML = '<h2>Welcome back, ' + name + '!</h2>';
}

async function renderNotifications() {
  const list = document.getElementById('notifications');
  const items = await api.get('/notifications');
  list.replaceChildren();
  for (const n of items) {
    const li = document.createElement('li');
    li.textContent = n.message;
    list.appendChild(li);
  }
}

function renderClock() {
  const el = document.getElementById('clock');
  el.innerHTML = '<time>' + new Date().toLocaleTimeString() + '</time>';
}

function openHelp() {
  const topic = new URLSearchParams(location.search).get('topic') || 'start';
  window.open('/help/' + encodeURIComponent(topic), '_blank', 'noopener');
}

renderWelcome();
renderNotifications();
setInterval(renderClock, 1000);
document.getElementById('help').addEventListener('click', openHelp);
