/**
 * The attributes of a plot the arrow keys drive (sections 1, 2, 4): focusable, an `application`
 * widget in the ARIA sense (its keys are the figure's, not the screen reader's), named by `label`.
 */
export function keyboardPlot(label: string) {
  return { tabindex: 0, role: 'application', 'aria-label': label } as const;
}
