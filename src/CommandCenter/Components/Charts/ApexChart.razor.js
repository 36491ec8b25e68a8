// Creates an ApexCharts instance in the given element; the returned object is driven from .NET.
// Resolves once drawn: a series update sent before that would be lost.
export async function createChart(element, options) {
    const chart = new window.ApexCharts(element, options);
    await chart.render();
    return chart;
}
