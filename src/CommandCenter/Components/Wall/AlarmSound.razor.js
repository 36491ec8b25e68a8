// The critical-alarm siren: two tones every 1.5 s from the Web Audio API while an alarm waits and the
// screen is not muted. The state is mirrored on <html data-alarm-sound> (off, muted or playing) so
// people and tests can see what the screen would sound like.
const mutedKey = 'cc.wall.muted';
let context = null;
let timer = null;
let alarm = false;

export function isMuted() {
    return localStorage.getItem(mutedKey) === '1';
}

export function setMuted(muted) {
    localStorage.setItem(mutedKey, muted ? '1' : '0');
    update();
    return muted;
}

export function setAlarm(on) {
    alarm = on;
    update();
}

function update() {
    const sounding = alarm && !isMuted();
    if (sounding && timer === null) {
        siren();
        timer = setInterval(siren, 1500);
    } else if (!sounding && timer !== null) {
        clearInterval(timer);
        timer = null;
    }

    document.documentElement.dataset.alarmSound = !alarm ? 'off' : sounding ? 'playing' : 'muted';
}

function siren() {
    context ??= new AudioContext();
    if (context.state === 'suspended') {
        // Blocked until a user gesture under the default autoplay policy; the next click lets it play.
        context.resume().catch(() => { });
    }

    const start = context.currentTime;
    [[880, 0], [660, 0.35]].forEach(([frequency, offset]) => {
        const oscillator = context.createOscillator();
        const gain = context.createGain();
        oscillator.type = 'square';
        oscillator.frequency.value = frequency;
        gain.gain.setValueAtTime(0.0001, start + offset);
        gain.gain.exponentialRampToValueAtTime(0.25, start + offset + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.3);
        oscillator.connect(gain).connect(context.destination);
        oscillator.start(start + offset);
        oscillator.stop(start + offset + 0.32);
    });
}

document.addEventListener('pointerdown', () => context?.resume().catch(() => { }));
