"""One module per page (like datasette's views/): 检索, 文档, 概况, 复用, 审计, and the JSON API."""
