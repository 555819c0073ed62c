/**
 * Stops the browser gestures that would leave a kiosk visitor stranded: the context menu
 * (long press), pinch and Ctrl+wheel zoom, dragging images and links out, and text selection
 * by long press. Returns the function that removes the guards.
 *
 * The Electron shell and the browser host lock zoom too; this is the page's own share.
 */
export function installTouchGuards(target: Document): () => void {
  const prevent = (event: Event) => event.preventDefault();
  const preventZoomWheel = (event: WheelEvent) => {
    if (event.ctrlKey) event.preventDefault();
  };
  const preventMultiTouch = (event: TouchEvent) => {
    if (event.touches.length > 1) event.preventDefault();
  };
  const options = { passive: false } as const;
  target.addEventListener('contextmenu', prevent);
  target.addEventListener('dragstart', prevent);
  target.addEventListener('selectstart', prevent);
  target.addEventListener('gesturestart', prevent, options);
  target.addEventListener('wheel', preventZoomWheel, options);
  target.addEventListener('touchmove', preventMultiTouch, options);
  return () => {
    target.removeEventListener('contextmenu', prevent);
    target.removeEventListener('dragstart', prevent);
    target.removeEventListener('selectstart', prevent);
    target.removeEventListener('gesturestart', prevent);
    target.removeEventListener('wheel', preventZoomWheel);
    target.removeEventListener('touchmove', preventMultiTouch);
  };
}
