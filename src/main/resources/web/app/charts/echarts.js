/**
 * ECharts, fetched the first time a screen draws a chart (a chunk of its own: the inbox never downloads it).
 * Charts follow the console's palette and resize with their container.
 */
let loading;

export function echarts() {
  loading ??= import('echarts');
  return loading;
}

/** The channel-kind colours every chart uses, so that a channel keeps its colour from screen to screen. */
export const KIND_COLOURS = {
  CHAT: '#b0245c',
  SMS: '#127a3e',
  EMAIL: '#9c3d00',
  X: '#1b1f27',
  FACEBOOK: '#3b5bdb',
  PHONE: '#7a2db0',
  API: '#0f6e7a',
};

export const PALETTE = ['#2150c8', '#127a3e', '#9c3d00', '#7a2db0', '#0f6e7a', '#b0245c', '#4d5a12', '#5b4636'];

/**
 * Draws (or redraws) a chart in element with the given option; returns the chart. The chart is disposed of when
 * the element leaves the page and resized when it changes size.
 */
export async function draw(element, option) {
  const lib = await echarts();
  let chart = lib.getInstanceByDom(element);
  if (!chart) {
    chart = lib.init(element, null, { renderer: 'svg' });
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(element);
    element.__sbDispose = () => {
      observer.disconnect();
      chart.dispose();
    };
  }
  chart.setOption({ color: PALETTE, textStyle: { fontFamily: 'inherit' }, ...option }, true);
  return chart;
}

/** Disposes of the chart drawn in element, if any. */
export function dispose(element) {
  element?.__sbDispose?.();
  if (element) delete element.__sbDispose;
}
