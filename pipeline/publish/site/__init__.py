"""The site: a static, offline browser of a published set (`cop-pipeline site`).

`model` turns the published tables into what each page shows (pure); `pages` renders the
source pages of a PDF input as images, with the box of every line; `search` writes the
client-side index; `build` reads the tables, renders the Jinja2 templates and writes
`OUT/site/`.
"""
