// Parser for the dsc fleet language. See docs/language.md.
//
// The grammar is deliberately LL(1)-friendly so that ANTLR's SLL mode parses
// every valid file; compiler/syntax converts the parse tree to the AST at once.
parser grammar DsParser;

options { tokenVocab = DsLexer; }

file : item* EOF ;

item
    : importDecl
    | fleetDecl
    | serviceDecl
    | infraDecl
    | featureDecl
    | kindDecl
    ;

importDecl  : IMPORT STRING (AS IDENT)? ;
fleetDecl   : FLEET IDENT body ;
serviceDecl : SERVICE IDENT body ;
infraDecl   : INFRA IDENT COLON qualifiedName body? ;
featureDecl : FEATURE IDENT body ;
forkDecl    : FORK IDENT body ;
kindDecl    : KIND IDENT COLON category=(INFRA | IDENT) LBRACE kindMember* RBRACE ;

kindMember
    : PARAM IDENT COLON typeExpr (ASSIGN expr)? COMMA?   # paramMember
    | EXPORT IDENT COLON typeExpr ASSIGN expr COMMA?     # exportMember
    | member                                            # templateMember
    ;

typeExpr : IDENT (LANGLE typeExpr RANGLE)? ;

body : LBRACE member* RBRACE ;

member
    : key ASSIGN expr COMMA?   # assignMember
    | key body COMMA?          # blockMember
    | forkDecl COMMA?          # forkMember
    | infraDecl COMMA?         # infraMember
    ;

// A keyword is a key too where one is expected (`labels { fleet = "shop" }`): a member
// that starts with `fork` or `infra` and a name is a declaration, anything else a key.
key : IDENT | STRING | IMPORT | AS | FLEET | SERVICE | INFRA | FEATURE | KIND | FORK | PARAM
    | EXPORT | TRUE | FALSE ;

expr
    : STRING                                            # stringExpr
    | NUMBER                                            # numberExpr
    | (TRUE | FALSE)                                    # boolExpr
    | LBRACKET (expr (COMMA expr)* COMMA?)? RBRACKET    # listExpr
    | body                                              # mapExpr
    | IDENT LPAREN (expr (COMMA expr)* COMMA?)? RPAREN  # callExpr
    | qualifiedName body                                # instanceExpr
    | qualifiedName                                     # refExpr
    ;

// `fleet` is a keyword but also names the fleet header in references (`fleet.domain`).
qualifiedName : (IDENT | FLEET) (DOT IDENT)* ;
