// The grid worker's report form (/m/report): the phone's GPS position into the latitude/longitude fields, with a
// visible status and the fields themselves as the manual fallback; what was typed kept across a refused post.
(() => {
    const form = document.getElementById('case-form');
    const status = document.getElementById('gps-status');
    const latitude = document.getElementById('latitude');
    const longitude = document.getElementById('longitude');
    const manual = document.getElementById('manual-position');
    const kept = ['category', 'description'];

    const locate = () => {
        if (!('geolocation' in navigator)) {
            status.textContent = status.dataset.unsupported;
            manual.open = true;
            return;
        }
        status.textContent = status.dataset.locating;
        navigator.geolocation.getCurrentPosition(position => {
            latitude.value = position.coords.latitude.toFixed(6);
            longitude.value = position.coords.longitude.toFixed(6);
            status.textContent = status.dataset.located
                .replace('{0}', latitude.value).replace('{1}', longitude.value).replace('{2}', Math.round(position.coords.accuracy));
            status.dataset.state = 'located';
        }, error => {
            status.textContent = status.dataset.failed.replace('{0}', error.message);
            status.dataset.state = 'failed';
            manual.open = true;
        }, { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 });
    };

    if (form.dataset.refused === 'true') {
        kept.forEach(name => form.elements[name].value = sessionStorage.getItem('m-report-' + name) ?? '');
    }
    kept.forEach(name => sessionStorage.removeItem('m-report-' + name));
    form.addEventListener('submit', () => kept.forEach(name => sessionStorage.setItem('m-report-' + name, form.elements[name].value)));
    document.getElementById('gps-retry').addEventListener('click', locate);
    locate();
})();
