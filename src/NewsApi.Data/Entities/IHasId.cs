namespace NewsApi.Data.Entities;

/// <summary>An entity with an integer id, so collections of them can share keyset paging by id.</summary>
public interface IHasId
{
    int Id { get; }
}
