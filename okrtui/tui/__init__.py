"""The Textual application: `app` (the App), `screens` (full screens), `dialogs` (modal forms and
questions), `widgets` (reusable widgets and renderables), the palette's commands and workers."""
