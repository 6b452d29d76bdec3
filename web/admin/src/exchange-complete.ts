/** The identity-link pop-up's last page: the opener sees it and refreshes; the window closes itself. */
window.setTimeout(() => window.close(), 1000);
