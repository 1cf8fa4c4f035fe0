/* sh -- the shell.
 *
 * Reads a line, parses it into a tree of commands, and runs the tree in a
 * child process, as xv6's shell does; the shell itself only parses, waits
 * and runs the one built-in that must change the shell's own state, `cd`.
 *
 * The language:
 *   line     := list
 *   list     := pipeline { (';' | '&') [pipeline] }     ; runs in order, & in the background
 *   pipeline := command [ '|' pipeline ]
 *   command  := ( '(' list ')' | word { word } ) with redirections
 *               '< file' and '> file' anywhere among its words
 * A word is any run of characters other than blanks and | < > ; & ( ).
 *
 * Running a tree (run(), in a child; it never returns):
 *   EXEC   redirect, then exec the program (tried as written, then in /, so
 *          programs are found after a cd)
 *   GROUP  redirect, then run the inner list
 *   PIPE   a pipe and two children, one per side, with the pipe's ends as
 *          their stdout and stdin; waits for both
 *   LIST   runs the left side in a child and waits, then runs the right
 *   BACK   runs its command in a child and does not wait; the child goes to
 *          init when this process exits, and init reaps it
 *
 * The prompt `$ ` is printed only when standard input is the console, so
 * `sh script` and `sh < script` run quietly.  End of file (^D) exits. */
#include "user.h"

#define LINEMAX  512
#define MAXARGS  32
#define MAXNODES 64
#define MAXTOKS  128

enum kind { EXEC, GROUP, PIPE, LIST, BACK };

struct node {
  enum kind kind;
  char *argv[MAXARGS + 1];        /* EXEC */
  struct node *left, *right;      /* GROUP: left; PIPE, LIST: both; BACK: left */
  char *in, *out;                 /* EXEC, GROUP: redirections (0: none) */
};

enum tok { WORD, BAR, LT, GT, SEMI, AMP, LPAREN, RPAREN, END };

struct token {
  enum tok type;
  char *word;
};

/* Parser state for one line: nodes, tokens and word text live in static
 * pools that each line reuses, so parsing needs no malloc. */
static struct node nodes[MAXNODES];
static int nnodes;
static struct token toks[MAXTOKS];
static int ntoks, pos;
static char words[LINEMAX * 2];
static const char *error;

static struct node *new_node(enum kind kind)
{
  if (nnodes == MAXNODES) {
    error = "too complex";
    return 0;
  }
  struct node *n = &nodes[nnodes++];
  memset(n, 0, sizeof *n);
  n->kind = kind;
  return n;
}

static int is_blank(char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v';
}

static enum tok symbol(char c)
{
  switch (c) {
  case '|': return BAR;
  case '<': return LT;
  case '>': return GT;
  case ';': return SEMI;
  case '&': return AMP;
  case '(': return LPAREN;
  case ')': return RPAREN;
  default:  return WORD;
  }
}

/* Splits line into toks[], copying words (NUL-terminated) into words[]. */
static int tokenize(const char *line)
{
  char *w = words;
  ntoks = 0;
  for (const char *s = line; ; ) {
    while (is_blank(*s))
      s++;
    if (ntoks == MAXTOKS - 1) {
      error = "too many words";
      return -1;
    }
    if (*s == 0) {
      toks[ntoks++].type = END;
      return 0;
    }
    enum tok t = symbol(*s);
    toks[ntoks].type = t;
    toks[ntoks].word = 0;
    if (t != WORD) {
      s++;
    } else {
      toks[ntoks].word = w;
      while (*s && !is_blank(*s) && symbol(*s) == WORD)
        *w++ = *s++;
      *w++ = 0;
    }
    ntoks++;
  }
}

static enum tok peek(void)
{
  return toks[pos].type;
}

static struct node *parse_list(void);

/* A redirection at toks[pos]: sets n->in or n->out. */
static int parse_redirect(struct node *n)
{
  enum tok t = toks[pos++].type;
  if (peek() != WORD) {
    error = "missing file name after < or >";
    return -1;
  }
  if (t == LT)
    n->in = toks[pos++].word;
  else
    n->out = toks[pos++].word;
  return 0;
}

static struct node *parse_command(void)
{
  struct node *n;
  if (peek() == LPAREN) {
    pos++;
    n = new_node(GROUP);
    if (!n || !(n->left = parse_list()))
      return 0;
    if (peek() != RPAREN) {
      error = "missing )";
      return 0;
    }
    pos++;
    while (peek() == LT || peek() == GT)
      if (parse_redirect(n) < 0)
        return 0;
    return n;
  }
  n = new_node(EXEC);
  if (!n)
    return 0;
  int argc = 0;
  for (;;) {
    if (peek() == WORD) {
      if (argc == MAXARGS) {
        error = "too many arguments";
        return 0;
      }
      n->argv[argc++] = toks[pos++].word;
    } else if (peek() == LT || peek() == GT) {
      if (parse_redirect(n) < 0)
        return 0;
    } else {
      break;
    }
  }
  if (argc == 0) {
    error = "missing command";
    return 0;
  }
  return n;
}

static struct node *parse_pipeline(void)
{
  struct node *left = parse_command();
  if (!left || peek() != BAR)
    return left;
  pos++;
  struct node *n = new_node(PIPE);
  if (!n)
    return 0;
  n->left = left;
  if (!(n->right = parse_pipeline()))
    return 0;
  return n;
}

/* Is there a pipeline to parse at pos (not the end of the list)? */
static int more(void)
{
  return peek() != END && peek() != RPAREN;
}

static struct node *parse_list(void)
{
  struct node *n = parse_pipeline();
  if (!n)
    return 0;
  while (peek() == SEMI || peek() == AMP) {
    if (toks[pos++].type == AMP) {
      struct node *b = new_node(BACK);
      if (!b)
        return 0;
      b->left = n;
      n = b;
    }
    if (!more())
      break;
    struct node *l = new_node(LIST);
    if (!l)
      return 0;
    l->left = n;
    if (!(l->right = parse_pipeline()))
      return 0;
    n = l;
  }
  return n;
}

static struct node *parse(const char *line)
{
  nnodes = 0;
  pos = 0;
  error = 0;
  if (tokenize(line) < 0)
    return 0;
  if (peek() == END)
    return 0;                /* empty line: nothing to do, no error */
  struct node *n = parse_list();
  if (n && peek() != END) {
    error = "syntax error";
    return 0;
  }
  return n;
}

/* ---- Running ---- */

static void die(const char *what, const char *arg)
{
  fprintf(2, "sh: %s%s\n", what, arg ? arg : "");
  exit(1);
}

static int spawn(void)
{
  int pid = fork();
  if (pid < 0)
    die("fork failed", 0);
  return pid;
}

/* Makes file `path`, opened with flags, the file descriptor `fd`. */
static void redirect(int fd, const char *path, int flags)
{
  int f = open(path, flags);
  if (f < 0)
    die("cannot open ", path);
  if (f != fd) {
    close(fd);
    if (dup(f) != fd)
      die("cannot redirect ", path);
    close(f);
  }
}

static void redirects(struct node *n)
{
  if (n->in)
    redirect(0, n->in, O_RDONLY);
  if (n->out)
    redirect(1, n->out, O_WRONLY | O_CREATE | O_TRUNC);
}

/* Waits for child pid; returns its exit status. */
static int wait_for(int pid)
{
  int status = 0, w;
  while ((w = wait(&status)) >= 0 && w != pid)
    ;
  return status;
}

__attribute__((noreturn)) static void run(struct node *n)
{
  int p[2], left, right, status;
  switch (n->kind) {
  case EXEC:
    redirects(n);
    exec(n->argv[0], n->argv);
    if (n->argv[0][0] != '/') {   /* not found here: try the root directory */
      char path[128];
      if (strlen(n->argv[0]) + 2 <= sizeof path) {
        path[0] = '/';
        strcpy(path + 1, n->argv[0]);
        exec(path, n->argv);
      }
    }
    die("cannot run ", n->argv[0]);
  case GROUP:
    redirects(n);
    run(n->left);
  case PIPE:
    if (pipe(p) < 0)
      die("pipe failed", 0);
    if ((left = spawn()) == 0) {
      close(1);
      dup(p[1]);
      close(p[0]);
      close(p[1]);
      run(n->left);
    }
    if ((right = spawn()) == 0) {
      close(0);
      dup(p[0]);
      close(p[0]);
      close(p[1]);
      run(n->right);
    }
    close(p[0]);
    close(p[1]);
    wait_for(left);
    status = wait_for(right);
    exit(status);
  case LIST:
    if ((left = spawn()) == 0)
      run(n->left);
    wait_for(left);
    run(n->right);
  case BACK:
    if (spawn() == 0)
      run(n->left);
    exit(0);
  }
  exit(1);
}

/* `cd DIR` alone on a line changes the shell's own directory. */
static int builtin(struct node *n)
{
  if (n->kind != EXEC || strcmp(n->argv[0], "cd") != 0)
    return 0;
  const char *dir = n->argv[1] ? n->argv[1] : "/";
  if (chdir(dir) < 0)
    fprintf(2, "sh: cannot cd %s\n", dir);
  return 1;
}

int main(int argc, char **argv)
{
  static char line[LINEMAX];

  if (argc > 1) {      /* sh SCRIPT: read commands from the file */
    close(0);
    if (open(argv[1], O_RDONLY) != 0)
      die("cannot open ", argv[1]);
  }
  /* Never run with fds 0-2 closed: a file opened later would become one. */
  int fd;
  while ((fd = open("/console", O_RDWR)) >= 0 && fd < 3)
    ;
  if (fd >= 0)
    close(fd);

  struct stat st;
  int interactive = fstat(0, &st) == 0 && st.type == T_DEVICE;

  for (;;) {
    if (interactive)
      fprintf(2, "$ ");
    gets(line, sizeof line);
    if (line[0] == 0)
      break;                  /* end of input */
    struct node *n = parse(line);
    if (!n) {
      if (error)
        fprintf(2, "sh: %s\n", error);
      continue;
    }
    if (builtin(n))
      continue;
    int pid = fork();
    if (pid < 0) {
      fprintf(2, "sh: fork failed\n");
      continue;
    }
    if (pid == 0)
      run(n);
    wait_for(pid);
  }
  return 0;
}
