/** Sends the browser to another site (a provider's authorize page): the app is left behind. */
export const leave = {
  to(url: string): void {
    window.location.assign(url);
  },
};
