// The disposal console's countdowns: each ticks from its deadline (ms since the epoch), as ConsoleFormat.Countdown writes them.
(() => {
    const pad = n => String(n).padStart(2, "0");
    const format = ms => {
        const s = Math.floor(Math.abs(ms) / 1000);
        const h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60;
        return h >= 1 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${pad(m)}:${pad(s % 60)}`;
    };
    const tick = () => {
        for (const el of document.querySelectorAll("[data-deadline]")) {
            const left = Number(el.dataset.deadline) - Date.now();
            el.classList.toggle("late", left <= 0);
            el.firstChild.textContent = (left > 0 ? el.dataset.left : el.dataset.over) + " ";
            el.querySelector(".clock").textContent = format(left);
        }
    };
    tick();
    setInterval(tick, 1000);
})();
