// Lexer for the dsc fleet language. See docs/language.md for the language itself.
//
// Strings are lexed whole; `${...}` interpolation and escapes inside them are
// decoded by compiler/syntax (so a bad escape gets its own diagnostic with an
// exact span). Comments go to a hidden channel so that `dsc fmt` keeps them.
lexer grammar DsLexer;

channels { COMMENTS }

IMPORT  : 'import';
AS      : 'as';
FLEET   : 'fleet';
SERVICE : 'service';
INFRA   : 'infra';
FEATURE : 'feature';
KIND    : 'kind';
FORK    : 'fork';
PARAM   : 'param';
EXPORT  : 'export';
TRUE    : 'true';
FALSE   : 'false';

LBRACE   : '{';
RBRACE   : '}';
LBRACKET : '[';
RBRACKET : ']';
LPAREN   : '(';
RPAREN   : ')';
LANGLE   : '<';
RANGLE   : '>';
ASSIGN   : '=';
COLON    : ':';
COMMA    : ',';
DOT      : '.';

// A number with an optional unit suffix: 8080, 0.5, 30s, 7d, 100m, 256Mi.
// The suffix is interpreted (and rejected when unknown) by compiler/syntax.
// A number with a unit, or a compound duration (`1h30m`): unit runs between numbers.
NUMBER : '-'? [0-9]+ ('.' [0-9]+)? ([a-zA-Z]+ [0-9]+ ('.' [0-9]+)?)* [a-zA-Z]*;

IDENT : [a-zA-Z_] [a-zA-Z0-9_-]*;

STRING : '"' (~["\\\r\n] | '\\' ~[\r\n])* '"';
// A string that reaches the end of its line or of the file: reported as such
// rather than as a confusing syntax error further on.
UNTERMINATED_STRING : '"' (~["\\\r\n] | '\\' ~[\r\n])* '\\'?;

LINE_COMMENT : '//' ~[\r\n]* -> channel(COMMENTS);
WS           : [ \t\r\n]+ -> skip;

// Anything else is one bad character; compiler/syntax reports it.
ERROR_CHAR : .;
