// A short two-tone beep through Web Audio: no sound file to serve, and it works offline.
const mutedKey = "cc.firm.sound.muted";
let context;

export function isMuted() {
    return localStorage.getItem(mutedKey) === "true";
}

export function setMuted(muted) {
    localStorage.setItem(mutedKey, String(muted));
}

export function beep() {
    context ??= new AudioContext();
    // Suspended until the page has had a click; resuming then is allowed, before it is a no-op.
    if (context.state === "suspended") {
        context.resume();
    }

    const start = context.currentTime;
    for (const [offset, frequency] of [[0, 880], [0.25, 660]]) {
        const oscillator = context.createOscillator();
        const gain = context.createGain();
        oscillator.frequency.value = frequency;
        gain.gain.setValueAtTime(0.0001, start + offset);
        gain.gain.exponentialRampToValueAtTime(0.3, start + offset + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.2);
        oscillator.connect(gain).connect(context.destination);
        oscillator.start(start + offset);
        oscillator.stop(start + offset + 0.22);
    }
}
