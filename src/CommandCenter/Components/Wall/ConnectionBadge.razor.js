// Words the circuit's state. Blazor's reconnect display finds the element by its id
// (components-reconnect-modal) and raises components-reconnect-state-changed on it; a beat attribute
// the server bumps every second tells a silent server from a quiet city.
export function attach(circuit, feed, labels, silentAfterMs) {
    let state = 'connected';
    let lastBeat = Date.now();
    let waitForServer = null;

    const render = () => {
        circuit.dataset.state = state;
        circuit.textContent = labels[state];
    };

    // After a restart the server no longer knows this screen's circuit: a fresh page gets a fresh one
    // and a fresh snapshot. Reload only once the server answers, so the screen never shows an error page.
    const reloadWhenServerAnswers = () => {
        waitForServer ??= setInterval(async () => {
            try {
                const response = await fetch(location.href, { method: 'HEAD', cache: 'no-store' });
                if (response.ok) {
                    location.reload();
                }
            } catch {
                // Still down; try again.
            }
        }, 2000);
    };

    const onStateChanged = event => {
        switch (event.detail.state) {
            case 'show':
            case 'retrying':
            case 'paused':
                state = 'reconnecting';
                break;
            case 'hide':
                state = 'connected';
                lastBeat = Date.now();
                break;
            case 'rejected':
                state = 'disconnected';
                location.reload();
                break;
            default:
                // failed or resume-failed: give up on this circuit, come back with a new page.
                state = 'disconnected';
                reloadWhenServerAnswers();
                break;
        }
        render();
    };

    const beats = new MutationObserver(() => {
        lastBeat = Date.now();
        if (state === 'silent') {
            state = 'connected';
            render();
        }
    });

    const watchdog = setInterval(() => {
        if (state === 'connected' && Date.now() - lastBeat > silentAfterMs) {
            state = 'silent';
            render();
        }
    }, 1000);

    circuit.addEventListener('components-reconnect-state-changed', onStateChanged);
    beats.observe(feed, { attributes: true, attributeFilter: ['data-beat'] });
    render();

    return {
        detach() {
            circuit.removeEventListener('components-reconnect-state-changed', onStateChanged);
            beats.disconnect();
            clearInterval(watchdog);
            clearInterval(waitForServer);
        },
    };
}
