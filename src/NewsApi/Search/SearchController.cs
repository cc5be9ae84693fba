using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using NewsApi.Contracts;
using NewsApi.Data;
using NewsApi.Data.Entities;
using NewsApi.Data.Postgres.Search;
using NewsApi.Hosting;

namespace NewsApi.Search;

/// <summary>Search helpers for a search box.</summary>
[ApiController]
[Route("api/v1/search")]
[Produces("application/json")]
public sealed class SearchController(NewsDbContext db) : ControllerBase
{
    /// <summary>Suggest headlines for a search-as-you-type box.</summary>
    /// <remarks>Up to 10 articles whose headline starts with the prefix (case-insensitive), then articles with a headline word starting with it.</remarks>
    /// <param name="prefix" example="north kor">What the user has typed so far, 1 to 100 characters.</param>
    /// <param name="ct">Cancellation.</param>
    /// <response code="200">Up to 10 completions.</response>
    /// <response code="400">The prefix is missing, empty or too long.</response>
    [HttpGet("suggest")]
    [ProducesResponseType<IReadOnlyList<SuggestionResponse>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, ProblemJson.ContentType)]
    public async Task<ActionResult<IReadOnlyList<SuggestionResponse>>> SuggestHeadlines(
        [FromQuery, Required, StringLength(100, MinimumLength = 1)] string prefix, CancellationToken ct)
    {
        const int Limit = 10;
        var pattern = LikePatterns.StartsWith(prefix);
        // SQLite's LIKE ignores the case of ASCII letters; PostgreSQL's is case-sensitive, so it is told to do the same.
        var postgres = PostgresQueries.Serves(db);
        var starts = await ByTitle(postgres ? PostgresQueries.TitleLike(db.Articles.AsNoTracking(), pattern) : db.Articles.AsNoTracking()
            .Where(a => EF.Functions.Like(a.Title, pattern, "\\")), postgres).Take(Limit)
            .Select(a => new SuggestionResponse(a.Id, a.Slug, a.Title))
            .ToListAsync(ct);
        if (starts.Count >= Limit)
        {
            return starts;
        }

        // Then headlines with a later word starting with the prefix, from the title column of the search index.
        var lastWord = prefix.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        var search = lastWord is null ? null : FtsQuery.TryParse(prefix.TrimEnd() + "*", out _);
        if (search is null)
        {
            return starts;
        }

        const int Candidates = 50;
        var seen = starts.Select(s => s.Id).ToList();
        var words = postgres
            ? await PostgresQueries.TitleMatches(db, search, Candidates).ToListAsync(ct)
            : await db.Database
                .SqlQuery<int>($"SELECT rowid AS Value FROM ArticleSearch WHERE ArticleSearch MATCH {"Title : (" + search.ToFts5() + ")"} ORDER BY rank LIMIT {Candidates}")
                .ToListAsync(ct);
        var more = await ByTitle(db.Articles.AsNoTracking().Where(a => words.Contains(a.Id) && !seen.Contains(a.Id)), postgres)
            .Take(Limit - starts.Count)
            .Select(a => new SuggestionResponse(a.Id, a.Slug, a.Title))
            .ToListAsync(ct);
        return starts.Concat(more).ToList();
    }

    // Headlines in SQLite's NOCASE order on both providers (see PostgresQueries.TitleKey), ties by id.
    private static IQueryable<Article> ByTitle(IQueryable<Article> articles, bool postgres) =>
        postgres
            ? articles.OrderBy(a => PostgresQueries.TitleKey(a.Title)).ThenBy(a => a.Id)
            : articles.OrderBy(a => a.Title).ThenBy(a => a.Id);
}
