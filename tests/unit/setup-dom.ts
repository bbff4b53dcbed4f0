// jsdom lays nothing out, so SVG elements lack getBBox. Observable Plot's tip mark measures its text with it
// in an animation frame after a pointer event; give jsdom an empty box so that frame does not throw after a
// chart test has finished. Only the DOM environment is touched; Node-environment tests see no change.
if (typeof SVGElement !== 'undefined' && !('getBBox' in SVGElement.prototype)) {
  Object.defineProperty(SVGElement.prototype, 'getBBox', {
    configurable: true,
    value: () => ({ x: 0, y: 0, width: 0, height: 0 }),
  });
}
