; inherits: c
; CbC adds no embedded languages of its own: a .cbc file injects what a C
; file does (editors take C's injections through the line above).
