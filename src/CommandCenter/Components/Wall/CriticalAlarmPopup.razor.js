// Which critical-alarm pop-ups this screen has acknowledged, kept across reloads and restarts.
const key = 'cc.wall.acknowledged';

export function loadAcknowledged() {
    try {
        const ids = JSON.parse(localStorage.getItem(key) ?? '[]');
        return Array.isArray(ids) ? ids.filter(id => typeof id === 'string') : [];
    } catch {
        return [];
    }
}

export function saveAcknowledged(ids) {
    localStorage.setItem(key, JSON.stringify(ids));
}
