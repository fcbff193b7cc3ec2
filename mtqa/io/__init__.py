"""Reading user files into decoded text, one module per input format.

``mtqa.io.plaintext`` reads plain-text and Markdown files and cuts them into paragraphs.
"""
