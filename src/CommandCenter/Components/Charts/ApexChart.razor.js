// Creates an ApexCharts instance in the given element; the returned object is driven from .NET.
export function createChart(element, options) {
    const chart = new window.ApexCharts(element, options);
    chart.render();
    return chart;
}
