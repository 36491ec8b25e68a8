// The screens' alert sounds from the Web Audio API: a siren (two square tones every 1.5 s) while a
// critical alarm waits on the wall, or a short two-tone beep per new alarm on the firm console. The
// siren's state is mirrored on <html data-alarm-sound> (off, muted or playing) so people and tests
// can see what the screen would sound like.
const mutedKeys = { siren: 'cc.wall.muted', beep: 'cc.firm.sound.muted' };
let context = null;
let timer = null;
let siren = false;

export function isMuted(mode) {
    return localStorage.getItem(mutedKeys[mode]) === '1';
}

export function setMuted(mode, muted) {
    localStorage.setItem(mutedKeys[mode], muted ? '1' : '0');
    updateSiren();
}

export function setSiren(on) {
    siren = on;
    updateSiren();
}

export function beep() {
    tones('sine', [[880, 0], [660, 0.25]], 0.2, 0.3);
}

function updateSiren() {
    const sounding = siren && !isMuted('siren');
    if (sounding && timer === null) {
        sirenOnce();
        timer = setInterval(sirenOnce, 1500);
    } else if (!sounding && timer !== null) {
        clearInterval(timer);
        timer = null;
    }

    document.documentElement.dataset.alarmSound = !siren ? 'off' : sounding ? 'playing' : 'muted';
}

function sirenOnce() {
    tones('square', [[880, 0], [660, 0.35]], 0.3, 0.25);
}

function tones(type, notes, length, volume) {
    context ??= new AudioContext();
    if (context.state === 'suspended') {
        // Blocked until a user gesture under the default autoplay policy; the next click lets it play.
        context.resume().catch(() => { });
    }

    const start = context.currentTime;
    for (const [frequency, offset] of notes) {
        const oscillator = context.createOscillator();
        const gain = context.createGain();
        oscillator.type = type;
        oscillator.frequency.value = frequency;
        gain.gain.setValueAtTime(0.0001, start + offset);
        gain.gain.exponentialRampToValueAtTime(volume, start + offset + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + length);
        oscillator.connect(gain).connect(context.destination);
        oscillator.start(start + offset);
        oscillator.stop(start + offset + length + 0.02);
    }
}

document.addEventListener('pointerdown', () => context?.resume().catch(() => { }));
